package io.goalrank.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every group source by name: the one list that the group-spec parser ({@link GroupSpec#parse}), the CLI help of
 * {@code --group} and the trainer's {@link GroupBuilder} read. A new source is one class and one line here.
 */
public final class GroupSources {

  /**
   * One source.
   *
   * @param name its name in a group spec
   * @param description one line for help texts
   * @param followsGenerators true for sources that sample generators (the one in training, or anchors): they are left
   *     out of groups built without them, such as validation groups
   * @param scorers the trained per-candidate scorers it reads, by model kind (callers train or load these)
   * @param factory builds the source from a context; fails, naming what is missing, when it cannot
   */
  public record Registration(String name, String description, boolean followsGenerators, List<String> scorers,
      Function<GroupContext, GroupSource> factory) {
    public Registration {
      scorers = List.copyOf(scorers);
    }
  }

  private static final Map<String, Registration> BY_NAME = new LinkedHashMap<>();

  static {
    add("mf-order", "the stage-1 retriever's order", false, List.of(), RetrieverOrderSource::new);
    add("popularity", "the most popular candidates first", false, List.of(), PopularitySource::new);
    add("random", "uniformly random lists", false, List.of(), RandomSource::new);
    add("dnn", "the DNN scorer's greedy list", false, List.of("dnn"), DnnGreedySource::new);
    add("dnn-pl", "Plackett-Luce samples from the DNN scorer", false, List.of("dnn"), DnnSamplesSource::new);
    add("dnn-diverse", "DNN lists traded for category coverage (needs item categories)", false, List.of("dnn"),
        DiverseListsSource::new);
    add("dnn-novel", "DNN lists traded for long-tail items", false, List.of("dnn"), NovelListsSource::new);
    add("generator", "samples from the generator being trained", true, List.of(), GeneratorSamplesSource::new);
    add("anchors", "samples from other trained generators (objective-conditioned training)", true, List.of(),
        AnchorSource::new);
    add("logging", "samples from the simulator's logging policy (simulated data only)", false, List.of(),
        LoggingSource::new);
    add("teacher-greedy", "the teacher's own best list (the reward model's greedy list)", false, List.of(),
        TeacherGreedySource::new);
  }

  private GroupSources() {}

  private static void add(String name, String description, boolean followsGenerators, List<String> scorers,
      Function<GroupContext, GroupSource> factory) {
    register(new Registration(name, description, followsGenerators, scorers, factory));
  }

  /**
   * Registers {@code source}; a name may be registered once. The sources above are registered for good (a new
   * source is one {@code add} line there); closing the returned registration removes it again (tests).
   */
  public static synchronized io.goalrank.util.Registration register(Registration source) {
    if (BY_NAME.putIfAbsent(source.name(), source) != null) {
      throw new IllegalStateException("group source '" + source.name() + "' registered twice");
    }
    return () -> {
      synchronized (GroupSources.class) {
        BY_NAME.remove(source.name());
      }
    };
  }

  /** The names, in registration order. */
  public static synchronized List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** The registration of {@code name}; unknown names fail with the list of known ones. */
  public static synchronized Registration get(String name) {
    Registration r = BY_NAME.get(name);
    if (r == null) {
      throw new IllegalArgumentException("unknown group source '" + name + "'; choose from " + names());
    }
    return r;
  }

  /** Builds source {@code name} from {@code context}. */
  public static GroupSource create(String name, GroupContext context) {
    return get(name).factory().apply(context);
  }

  /** The trained scorers (model kinds) the sources of {@code spec} read, each once, in spec order. */
  public static List<String> scorersNeeded(GroupSpec spec) {
    List<String> out = new ArrayList<>();
    for (String source : spec.counts().keySet()) {
      for (String kind : get(source).scorers()) {
        if (!out.contains(kind)) {
          out.add(kind);
        }
      }
    }
    return out;
  }

  /** One line per source, {@code name  description}, for help texts. */
  public static synchronized List<String> help() {
    int width = BY_NAME.keySet().stream().mapToInt(String::length).max().orElse(0);
    List<String> out = new ArrayList<>();
    for (Registration r : BY_NAME.values()) {
      out.add(String.format("%-" + width + "s  %s", r.name(), r.description()));
    }
    return out;
  }
}
