package io.goalrank.experiment;

import io.goalrank.core.RankingPolicy;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.model.ModelKind;
import io.goalrank.model.ModelKinds;
import io.goalrank.policy.GeneratorEvaluatorPolicy;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.GreedyProposer;
import io.goalrank.policy.MultiGeneratorEvaluatorPolicy;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's main comparison (Table 1): heuristics, generator-only baselines, G-E and multi-G-E systems and
 * GoalRank, all at hidden size 128, all sharing one frozen reward model per seed, evaluated on the same test
 * requests. Run with {@link #run}; the report is {@link Table1Report}.
 */
public final class Table1 {
  public static final String NAME = "table1";
  /** The trained generators of the G-n pool, after the scorer baselines, with their names in descriptions. */
  private static final Map<String, String> POOL_GENERATORS = Map.of("seq2slate", "Seq2Slate", "eg-rerank",
      "EG-Rerank");

  private Table1() {}

  /**
   * The generator-only models the multi-G-E systems draw from, in the order members are added: the registered
   * scorer baselines ({@link ModelKinds}, so a new one joins), then the two trained generators.
   */
  static List<String> pool() {
    List<String> pool = new ArrayList<>(ModelKinds.scorerNames());
    pool.addAll(List.of("seq2slate", "eg-rerank"));
    return List.copyOf(pool);
  }

  /**
   * Every row, in table order. {@code data} (the first seed's) only names the rows; each row's policy reads its
   * seed's own data ({@link SeedModels#data}), which differs between seeds with {@code --split-per-seed}.
   */
  public static List<Row<SeedModels>> rows(PreparedDataset data, ExperimentConfig config) {
    return rows(data, config.baseSeed(), config.geSamples(), config.multiGenerators(),
        config.settings().group().toString(), config.settings().group().size());
  }

  /**
   * {@code goalrank evaluate --table1}: evaluates the rows ({@code only}, or all) of run {@code root} for
   * {@code seed} from the models it saved, training nothing, on {@code split} of the run's data for that seed, or
   * of {@code prepared} when given (it must have the run's items). Results carry the rows' table names.
   */
  public static List<EvaluationResult> evaluateSaved(Path root, long seed, Path prepared, List<String> only,
      Split split, boolean progress) throws Exception {
    var opened = RunDirectory.read(root, NAME);
    RunDirectory dir = opened.getKey();
    Map<String, String> identity = opened.getValue();
    Path seedDir = dir.modelDir(seed, "x").getParent().getParent();
    if (!Files.isDirectory(seedDir)) {
      throw new IllegalArgumentException(root + ": has no seed " + seed + " (no " + seedDir.getFileName()
          + "); give --seed of one of its seeds");
    }
    String negatives = identity.getOrDefault("negatives", "retriever");
    Path dataFile = prepared != null ? prepared
        : "true".equals(identity.get("splitPerSeed")) ? dir.preparedFile(negatives, seed) : dir.preparedFile(negatives);
    PreparedDataset data = PreparedDataset.read(dataFile);
    List<Row<SeedModels>> rows = rowsOfRun(data, identity);
    if (only != null && !only.isEmpty()) {
      List<String> names = rows.stream().map(Row::name).toList();
      for (String r : only) {
        if (!names.contains(r)) {
          throw new IllegalArgumentException("--rows: no row '" + r + "'; Table 1's rows are " + names);
        }
      }
      rows = rows.stream().filter(r -> only.contains(r.name())).toList();
    }
    TrainingSettings settings = TrainingSettings.builder().optGeneratorSize(generatorSizeOfRun(identity))
        .optSeed(seed).build();
    try (SeedModels models = SeedModels.trainedOnly(data, dir, seed, settings)) {
      List<RankingPolicy> policies = new ArrayList<>();
      for (Row<SeedModels> row : rows) {
        policies.add(row.factory().create(models));
      }
      List<EvaluationResult> results = Workflow.evaluate(data, policies, Workflow.utilities(data, models.reward()),
          split, progress);
      List<EvaluationResult> named = new ArrayList<>(results.size());
      for (int k = 0; k < results.size(); k++) { // rows by their table names, as in table1.md
        EvaluationResult r = results.get(k);
        named.add(new EvaluationResult(rows.get(k).name(), r.means(), r.perRequest(), r.evaluated(), r.excluded(),
            r.seconds()));
      }
      return named;
    }
  }

  /**
   * The rows of a finished run, from the values its {@code experiment.json} recorded (defaults where a value is
   * missing), and the generator size its scorers were saved at.
   */
  public static List<Row<SeedModels>> rowsOfRun(PreparedDataset data, Map<String, String> identity) {
    String settings = identity.getOrDefault("settings", "");
    String group = between(settings, "group=", ", loss=");
    List<Integer> multi = new ArrayList<>();
    for (String g : identity.getOrDefault("multiGenerators", "[3, 20, 100]").replaceAll("[\\[\\] ]", "")
        .split(",")) {
      if (!g.isEmpty()) {
        multi.add(Integer.parseInt(g));
      }
    }
    int groupSize = group.isEmpty() ? 20 : io.goalrank.group.GroupSpec.parse(group).size();
    return rows(data, Long.parseLong(identity.getOrDefault("baseSeed", "999")),
        Integer.parseInt(identity.getOrDefault("geSamples", "20")), multi, group.isEmpty() ? "?" : group, groupSize);
  }

  /** The generator size a run's settings record ({@code small} when it is not recorded). */
  public static String generatorSizeOfRun(Map<String, String> identity) {
    String size = between(identity.getOrDefault("settings", ""), "generatorSize=", ",");
    return size.isEmpty() ? "small" : size;
  }

  private static String between(String s, String from, String to) {
    int a = s.indexOf(from);
    if (a < 0) {
      return "";
    }
    int b = s.indexOf(to, a + from.length());
    return b < 0 ? "" : s.substring(a + from.length(), b);
  }

  /**
   * The rows of a run made with these values ({@code experiment.json} records them), for evaluating its saved
   * models again ({@code goalrank evaluate --table1}).
   */
  public static List<Row<SeedModels>> rows(PreparedDataset data, long baseSeed, int geSamples,
      List<Integer> multiGenerators, String group, int groupSize) {
    List<Row<SeedModels>> rows = new ArrayList<>();
    for (RankingPolicy h : Workflow.heuristics(data, baseSeed)) {
      String name = h.name();
      // the simulator's logging policy chose what was shown, so the labels are partly its own lists: a reference
      Family family = name.equals("logging-policy") ? Family.REFERENCE : Family.HEURISTIC;
      rows.add(new Row<>(name, family, heuristicDescription(name),
          m -> Workflow.heuristics(m.data(), m.seed()).stream().filter(p -> p.name().equals(name)).findFirst()
              .orElseThrow()));
    }
    for (ModelKind scorer : ModelKinds.withRole(ModelKind.Role.SCORER)) { // dnn, prm, dlcm, ...
      String kind = scorer.name();
      rows.add(new Row<>(kind, Family.GENERATOR_ONLY, scorer.description(),
          m -> new ScoringPolicy(kind, m.scores(kind), 1f)));
    }
    rows.add(new Row<>("seq2slate", Family.GENERATOR_ONLY,
        "Seq2Slate: pointer network (PointerGenerator) trained by teacher-forced cross-entropy on the logged list "
            + "(ground-truth items, positives first); greedy decoding",
        m -> new GeneratorPolicy("seq2slate", m.generator("seq2slate"), 1f)));
    rows.add(new Row<>("seq2slate-pos", Family.GENERATOR_ONLY,
        "Seq2Slate on positives only: the same pointer network, cross-entropy on the logged list's positive steps "
            + "only, so no step teaches a label-0 target (which marks a forced-in candidate); greedy decoding",
        m -> new GeneratorPolicy("seq2slate-pos", m.generator("seq2slate-pos"), 1f)));
    rows.add(new Row<>("eg-rerank", Family.GENERATOR_ONLY,
        "EG-Rerank-style: pointer network trained by REINFORCE against the frozen reward model (mean baseline, "
            + groupSize + " samples/request); greedy decoding",
        m -> new GeneratorPolicy("eg-rerank", m.generator("eg-rerank"), 1f)));
    int k = geSamples;
    rows.add(new Row<>("g-e:seq2slate", Family.GENERATOR_EVALUATOR,
        "Seq2Slate proposes its greedy list + " + k + " samples, the reward model picks the best",
        m -> new GeneratorEvaluatorPolicy(new GeneratorPolicy("seq2slate", m.generator("seq2slate"), 1f),
            m.reward(), k, true, m.seed() + 11)));
    rows.add(new Row<>("g-e:eg-rerank", Family.GENERATOR_EVALUATOR,
        "EG-Rerank proposes its greedy list + " + k + " samples, the reward model picks the best",
        m -> new GeneratorEvaluatorPolicy(new GeneratorPolicy("eg-rerank", m.generator("eg-rerank"), 1f),
            m.reward(), k, true, m.seed() + 12)));
    rows.add(new Row<>("g-e:prm-pl", Family.GENERATOR_EVALUATOR,
        "non-autoregressive proposals (PIER/NAR4Rec-like): PRM greedy list + " + k
            + " Plackett-Luce samples of PRM scores, the reward model picks the best",
        m -> new GeneratorEvaluatorPolicy(new ScoringPolicy("prm", m.scores("prm"), 1f), m.reward(), k, true,
            m.seed() + 13)));
    for (int g : multiGenerators) {
      rows.add(new Row<>("g-" + g, Family.MULTI_GENERATOR_EVALUATOR, multiDescription(g),
          m -> new MultiGeneratorEvaluatorPolicy(members(m, g), m.reward(), 1, false, m.seed() + 100L * g)));
    }
    rows.add(new Row<>("goalrank", Family.GOALRANK,
        "GoalRank: pointer network trained by group-relative optimisation (Eq. 4-5), group "
            + group + " with the DNN row as auxiliary scorer; greedy decoding, no evaluator",
        m -> Workflow.generatorPolicy(m.generator("goalrank"))));
    rows.add(new Row<>("reward-greedy", Family.REFERENCE,
        "the reward model's own top-6 (the best list under r̂: an upper bound on r̂ for every G-E system)",
        m -> Workflow.rewardGreedy(m.reward())));
    rows.add(new Row<>("oracle-labels", Family.REFERENCE, "reads the test labels (positives first); not a ranker",
        m -> Workflow.oracles(m.data()).get(0)));
    return rows;
  }

  /**
   * The {@code g} members of G-g: member {@code i} is pool model {@code i mod 5}; the first round proposes each
   * model's greedy list, later rounds sample from the models at temperatures on a geometric grid from 0.5 to 2, so
   * every member is a distinct (model, temperature, seed).
   */
  static List<SamplingPolicy> members(SeedModels m, int g) throws IOException {
    return members(m, g, pool());
  }

  /** As {@link #members(SeedModels, int)}, drawing from {@code pool} (scorer kinds and/or generator names). */
  static List<SamplingPolicy> members(SeedModels m, int g, List<String> pool) throws IOException {
    int rounds = (g + pool.size() - 1) / pool.size();
    List<SamplingPolicy> out = new ArrayList<>(g);
    for (int i = 0; i < g; i++) {
      String model = pool.get(i % pool.size());
      int round = i / pool.size();
      float t = rounds <= 2 ? 1f : (float) (0.5 * Math.pow(4.0, (round - 1) / (double) (rounds - 2)));
      SamplingPolicy base = switch (model) {
        case "seq2slate", "eg-rerank" -> new GeneratorPolicy(model + "@" + fmt(t), m.generator(model), t);
        default -> new ScoringPolicy(model + "@" + fmt(t), m.scores(model), t);
      };
      out.add(round == 0 ? new GreedyProposer(base) : base);
    }
    return out;
  }

  /** Trains (or reuses) everything for every seed, evaluates every row on the test requests, writes the report. */
  public static ExperimentRunner.Outcome run(ExperimentConfig config, RunDirectory dir) throws Exception {
    return run(config, dir, java.util.Set.of());
  }

  /**
   * As {@link #run(ExperimentConfig, RunDirectory)} for a reduced table: only the rows in {@code tableRows} (all
   * when empty) are trained, evaluated and reported; the report names the rows left out.
   */
  public static ExperimentRunner.Outcome run(ExperimentConfig config, RunDirectory dir,
      java.util.Set<String> tableRows) throws Exception {
    long start = System.nanoTime();
    ExperimentData.Loader data = new ExperimentData.Loader(config, dir);
    List<Row<SeedModels>> all = rows(data.first(), config);
    List<String> names = all.stream().map(Row::name).toList();
    for (String r : tableRows) {
      if (!names.contains(r)) {
        throw new IllegalArgumentException("--table-rows: no row '" + r + "'; Table 1's rows are " + names);
      }
    }
    List<Row<SeedModels>> rows = tableRows.isEmpty() ? all
        : all.stream().filter(r -> tableRows.contains(r.name())).toList();
    int groupSize = config.settings().group().size();
    ExperimentRunner.Outcome outcome = ExperimentRunner.run(dir, config.seedList(), rows, config.onlyRows(),
        seed -> new SeedModels(data.get(seed), dir, seed, config.settingsFor(seed), groupSize),
        (m, policy) -> evaluate(m.data(), m, policy, config.progress()));
    List<String> incomplete = rows.stream().map(Row::name)
        .filter(r -> outcome.results().get(r).size() < config.seeds()).toList();
    if (incomplete.isEmpty()) {
      Table1Report.write(dir, config, ExperimentData.provenance(config, dir), rows, outcome,
          (System.nanoTime() - start) / 1e9, names.stream().filter(n -> !tableRows.isEmpty()
              && !tableRows.contains(n)).toList());
    } else {
      System.out.println("Report not written: rows " + incomplete + " are not finished for every seed "
          + "(rerun without --rows to finish them)");
    }
    return outcome;
  }

  static EvaluationResult evaluate(PreparedDataset data, SeedModels m, RankingPolicy policy, boolean progress)
      throws IOException {
    return Workflow.evaluate(data, List.of(policy), Workflow.utilities(data, m.reward()), Split.TEST, progress)
        .get(0);
  }

  private static String heuristicDescription(String name) {
    return switch (name) {
      case "random" -> "6 candidates uniformly at random";
      case "popularity" -> "most popular candidates first (training interactions)";
      case "mf-order" -> "stage-1 MF retriever's order";
      case "logging-policy" -> "the simulator's logging policy, which chose the logged items the labels come from";
      default -> name;
    };
  }

  /** Names the pool as it is (scorer kinds in capitals: DNN, PRM, DLCM; then Seq2Slate, EG-Rerank). */
  private static String multiDescription(int g) {
    List<String> names = new ArrayList<>();
    for (String member : pool()) {
      names.add(POOL_GENERATORS.getOrDefault(member, member.toUpperCase(Locale.ROOT)));
    }
    return g + " generators (" + String.join(", ", names) + " in turn; each model's greedy list first, then "
        + "samples at temperatures 0.5-2), one list each; the reward model picks the best";
  }

  private static String fmt(float t) {
    return String.format(Locale.ROOT, "%.2f", t);
  }
}
