package io.goalrank.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The logging policies the simulated impressions come from: one or more Plackett–Luce policies over a request's
 * candidates, each showing a share of the lists. One policy (the simulator's own, {@link #DEFAULT}) gives lists that
 * all lean the same way, so a list-aware reward model never sees most of the lists a generator will propose; a mix
 * of orders and temperatures spreads the shown lists out (issue 20).
 *
 * <p>Spelling ({@code --logging-policies}): comma-separated {@code ORDER[@TEMPERATURE][:SHARE]}, shares normalised,
 * e.g. {@code logging:0.5,logging@3:0.25,uniform:0.25}. Orders: {@code logging} (the simulator's logging score: noisy
 * relevance, extra popularity), {@code relevance} (the context-free click logit, a better-informed policy),
 * {@code popularity} (the popularity term alone) and {@code uniform} (every candidate alike). Without a temperature a
 * policy uses the simulator's logging temperature; higher is closer to uniform.
 *
 * @param policies at least one; shares positive
 */
public record LoggingMix(List<Policy> policies) {

  /** The simulator's own logging policy alone: the impressions every earlier run trained on, bit for bit. */
  public static final LoggingMix DEFAULT = new LoggingMix(List.of(new Policy(Order.LOGGING, Double.NaN, 1)));

  /** How a policy scores a candidate before the softmax. */
  public enum Order {
    LOGGING,
    RELEVANCE,
    POPULARITY,
    UNIFORM
  }

  /**
   * One logging policy.
   *
   * @param order what it ranks by
   * @param temperature softmax temperature, or NaN for the simulator's logging temperature
   * @param share its share of the shown lists (normalised over the mix)
   */
  public record Policy(Order order, double temperature, double share) {
    public Policy {
      if (!Double.isNaN(temperature) && !(temperature > 0 && Double.isFinite(temperature))) {
        throw new IllegalArgumentException("a logging policy's temperature must be positive, got " + temperature);
      }
      if (!(share > 0 && Double.isFinite(share))) {
        throw new IllegalArgumentException("a logging policy's share must be positive, got " + share);
      }
    }

    @Override
    public String toString() {
      return order.name().toLowerCase(Locale.ROOT) + (Double.isNaN(temperature) ? "" : "@" + temperature) + ":"
          + share;
    }
  }

  public LoggingMix {
    policies = List.copyOf(policies);
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("a logging mix needs at least one policy");
    }
  }

  /** Parses {@code ORDER[@TEMPERATURE][:SHARE],...}; an unknown order or a bad number fails naming it. */
  public static LoggingMix parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("--logging-policies is empty; e.g. logging:0.5,logging@3:0.25,uniform:0.25");
    }
    List<Policy> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      double share = 1;
      int colon = p.indexOf(':');
      if (colon >= 0) {
        share = number(p.substring(colon + 1), "share", part);
        p = p.substring(0, colon);
      }
      double temperature = Double.NaN;
      int at = p.indexOf('@');
      if (at >= 0) {
        temperature = number(p.substring(at + 1), "temperature", part);
        p = p.substring(0, at);
      }
      Order order;
      try {
        order = Order.valueOf(p.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown logging policy order '" + p.trim() + "' in '" + part.trim()
            + "'; choose from logging, relevance, popularity, uniform");
      }
      out.add(new Policy(order, temperature, share));
    }
    return new LoggingMix(out);
  }

  private static double number(String text, String what, String part) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad " + what + " '" + text.trim() + "' in logging policy '" + part.trim()
          + "'; the form is ORDER[@TEMPERATURE][:SHARE]");
    }
  }

  public boolean isDefault() {
    return equals(DEFAULT);
  }

  /**
   * One shown list for {@code user} over {@code items} (simulator ids): a policy drawn by share (no draw with one
   * policy, so the simulator's own policy alone repeats the earlier impressions), then its Plackett–Luce list.
   * Returns positions into {@code items}.
   */
  public int[] draw(Simulator sim, int user, int[] items, int listLength, Random rng) {
    Policy policy = policies.get(0);
    if (policies.size() > 1) {
      double u = rng.nextDouble() * totalShare();
      for (Policy p : policies) {
        policy = p;
        u -= p.share();
        if (u < 0) {
          break;
        }
      }
    }
    if (policy.order() == Order.LOGGING && Double.isNaN(policy.temperature())) {
      return sim.loggingPolicyList(user, items, listLength, rng);
    }
    int[] positions = new int[items.length];
    for (int c = 0; c < positions.length; c++) {
      positions[c] = c;
    }
    return Simulator.sampleLogging(weights(sim, policy, user, items), positions, items.length, listLength, rng);
  }

  /**
   * {@code log P(l_1..l_k)} for {@code k = 1..L} under the mix: the probability that the mix shows the prefix of
   * {@code shown} (positions into {@code items}), {@code log Σ_j share_j Π_{i≤k} π_j(l_i | l_<i)} with each
   * policy's Plackett–Luce step probabilities. The propensities an off-policy correction divides by.
   */
  public double[] logPrefixPropensities(Simulator sim, int user, int[] items, int[] shown) {
    int l = shown.length;
    double total = totalShare();
    double[][] perPolicy = new double[policies.size()][l];
    for (int j = 0; j < policies.size(); j++) {
      double[] w = weights(sim, policies.get(j), user, items);
      double remaining = 0;
      for (double x : w) {
        remaining += x;
      }
      double log = Math.log(policies.get(j).share() / total);
      for (int k = 0; k < l; k++) {
        double wk = w[shown[k]];
        log += Math.log(wk) - Math.log(remaining);
        remaining -= wk;
        perPolicy[j][k] = log;
      }
    }
    double[] out = new double[l];
    for (int k = 0; k < l; k++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double[] p : perPolicy) {
        max = Math.max(max, p[k]);
      }
      double sum = 0;
      for (double[] p : perPolicy) {
        sum += Math.exp(p[k] - max);
      }
      out[k] = max + Math.log(sum);
    }
    return out;
  }

  private double totalShare() {
    return policies.stream().mapToDouble(Policy::share).sum();
  }

  /** Unnormalised softmax weights {@code exp((s − max s) / T)} of the policy's scores. */
  static double[] weights(Simulator sim, Policy policy, int user, int[] items) {
    double[] s = new double[items.length];
    for (int c = 0; c < items.length; c++) {
      s[c] = switch (policy.order()) {
        case LOGGING -> sim.loggingScore(user, items[c]);
        case RELEVANCE -> sim.logit(user, items[c]);
        case POPULARITY -> sim.popularityBias(items[c]);
        case UNIFORM -> 0;
      };
    }
    if (policy.order() == Order.LOGGING && Double.isNaN(policy.temperature())) {
      return sim.loggingWeights(s); // the simulator's own weights, at its temperature
    }
    double t = Double.isNaN(policy.temperature()) ? sim.config().loggingTemperature() : policy.temperature();
    double max = Double.NEGATIVE_INFINITY;
    for (double x : s) {
      max = Math.max(max, x);
    }
    double[] w = new double[s.length];
    for (int c = 0; c < s.length; c++) {
      w[c] = Math.exp((s[c] - max) / t);
    }
    return w;
  }

  /** The spelling {@link #parse} reads. */
  @Override
  public String toString() {
    return String.join(",", policies.stream().map(Policy::toString).toList());
  }
}
