package io.goalrank.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.goalrank.eval.AtomicFiles;
import io.goalrank.util.FileDigests;
import io.goalrank.util.StaleTemporaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output folder of a command that writes and later reuses artefacts ({@code demo}, {@code train},
 * {@code train-reward}): {@code DIR/run.json} records the command and, for every artefact it writes, each setting
 * that changes that artefact. {@link #claim} runs before the command writes anything: a folder made with other
 * settings is refused, naming every setting that differs, so a rerun never resumes or reports a model trained
 * differently. The same idea as the experiments' {@code RunDirectory}, with one record per artefact.
 *
 * <pre>
 * {"command": "demo",
 *  "artefacts": {"prepared.bin": {"--users": "900", ...}, "reward": {"--reward-kind": "clicks", ...}, ...}}
 * </pre>
 *
 * Settings are named as the command line names them ({@code --teacher}), or by their {@link TrainingSettings}
 * field when no option sets them; where and how networks run ({@code --device}, {@code --decode}) and
 * {@code --quiet} change no artefact and are not recorded.
 */
public final class RunFolder {
  public static final String RECORD = "run.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunFolder() {}

  /**
   * One artefact of a run folder.
   *
   * @param name how messages and {@code run.json} name it
   * @param files paths relative to the folder whose existence shows the artefact was (at least partly) made
   * @param settings every setting that changes it, in the order differences are reported
   */
  public record Artefact(String name, List<String> files, Map<String, String> settings) {
    public Artefact {
      files = List.copyOf(files);
      settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
  }

  /**
   * Claims {@code dir} for {@code command} making {@code artefacts}: records them in a new or empty folder; accepts
   * a folder whose record asks for exactly the same; otherwise refuses before anything is written. Stale
   * temporary files of an interrupted save are removed from an accepted folder.
   *
   * @throws IllegalArgumentException (exit code 2) for a folder made by another command or with other settings,
   *     naming each setting that differs, or for one that holds this command's artefacts without a record
   */
  public static void claim(Path dir, String command, List<Artefact> artefacts) throws IOException {
    Path record = dir.resolve(RECORD);
    if (Files.isRegularFile(record)) {
      check(dir, record, command, artefacts);
    } else {
      List<String> present = new ArrayList<>();
      for (Artefact a : artefacts) {
        for (String f : a.files()) {
          if (Files.exists(dir.resolve(f))) {
            present.add(f);
          }
        }
      }
      if (!present.isEmpty()) {
        throw new IllegalArgumentException(dir + " already holds " + String.join(", ", present) + " but no " + RECORD
            + ", the record of the settings that made them (a build before this check wrote none), so they cannot "
            + "be reused safely. " + advice(dir));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("command", command);
      Map<String, Map<String, String>> sections = new LinkedHashMap<>();
      for (Artefact a : artefacts) {
        sections.put(a.name(), a.settings());
      }
      out.put("artefacts", sections);
      AtomicFiles.writeString(record, JSON.writeValueAsString(out));
    }
    StaleTemporaries.remove(dir, true);
  }

  private static void check(Path dir, Path record, String command, List<Artefact> artefacts) throws IOException {
    JsonNode found;
    try {
      found = JSON.readTree(record.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(record + ": not a readable run record (" + e.getMessage() + "). "
          + advice(dir), e);
    }
    String foundCommand = found.path("command").asText("?");
    if (!foundCommand.equals(command)) {
      throw new IllegalArgumentException(dir + " was made by `goalrank " + foundCommand + "`, not `goalrank "
          + command + "` (" + record + "). " + advice(dir));
    }
    JsonNode foundArtefacts = found.path("artefacts");
    Set<String> names = new LinkedHashSet<>();
    artefacts.forEach(a -> names.add(a.name()));
    foundArtefacts.fieldNames().forEachRemaining(names::add);
    // each differing (setting, was, asked) once, with the artefacts it concerns
    Map<List<String>, List<String>> differences = new LinkedHashMap<>();
    for (String name : names) {
      Map<String, String> wanted = artefacts.stream().filter(a -> a.name().equals(name)).findFirst()
          .map(Artefact::settings).orElse(Map.of());
      JsonNode had = foundArtefacts.path(name);
      Set<String> keys = new LinkedHashSet<>(wanted.keySet());
      had.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        String was = had.has(key) ? had.get(key).asText() : null;
        String asked = wanted.get(key);
        if (was == null || !was.equals(asked)) {
          differences.computeIfAbsent(List.of(key, String.valueOf(was), String.valueOf(asked)),
              k -> new ArrayList<>()).add(name);
        }
      }
    }
    if (differences.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    differences.forEach((d, which) -> parts.add(d.get(0) + " " + shown(d.get(1)) + ", not " + shown(d.get(2))
        + " (" + String.join(", ", which) + ")"));
    throw new IllegalArgumentException(dir + " was made with other settings (" + record + "): " + String.join("; ",
        parts) + ". Its artefacts are only reused with the settings that made them. " + advice(dir));
  }

  private static String shown(String value) {
    return value.equals("null") ? "(not set)" : value;
  }

  private static String advice(Path dir) {
    return "Use another --out for this run, or delete " + dir + " to start it over; nothing was written.";
  }

  /** What a file holds, for settings that are a file (a prepared dataset, a model's weights): its SHA-256 prefix. */
  public static String contentId(Path file) throws IOException {
    return "sha256:" + FileDigests.sha256(file).substring(0, 16);
  }

  /**
   * What a saved model holds, for a setting that is a model directory ({@code --reward}, {@code --dnn}): the
   * {@link #contentId} of its weights, or for a composite reward model (an ensemble, a mixture: no weights of its
   * own) a digest of its members' ids in the order its {@code model.json} names them.
   */
  public static String modelContentId(Path modelDir) throws IOException {
    Path weights = modelDir.resolve(io.goalrank.model.Checkpoint.WEIGHTS);
    String members = Files.isRegularFile(weights) ? null
        : io.goalrank.model.Checkpoint.read(modelDir).provenance().get("members");
    if (members == null) {
      return contentId(weights);
    }
    StringBuilder ids = new StringBuilder();
    for (String member : members.split(",")) {
      ids.append(member.trim()).append('=').append(modelContentId(modelDir.resolve(member.trim()))).append(';');
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(ids.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(digest).substring(0, 16) + " (members)";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The settings that change a reward model trained with {@code s} ({@link Workflow#trainReward}). */
  public static Map<String, String> rewardSettings(TrainingSettings s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("--reward-kind", s.rewardKind().name().toLowerCase());
    m.put("--reward-size", s.rewardSize());
    m.put("--reward-epochs", Integer.toString(s.rewardEpochs()));
    if (RewardKinds.get(s.rewardKind()).fromImpressions()) {
      m.put("--impressions-per-request", Integer.toString(s.impressionsPerRequest()));
    }
    if (s.rewardKind() == TrainingSettings.RewardKind.ENSEMBLE) {
      m.put("--ensemble-size", Integer.toString(s.teacher().ensembleSize()));
      m.put("--ensemble-penalty", Float.toString(s.teacher().ensemble().penalty()));
    }
    if (s.rewardKind() == TrainingSettings.RewardKind.MIXTURE) {
      m.put("--mixture-weight", Float.toString(s.teacher().mixture().listWeight()));
    }
    m.put("rewardLearningRate", Float.toString(s.rewardLearningRate()));
    // the teacher options only when set, so folders made before them still match
    if (!s.teacher().logging().isDefault()) {
      m.put("--logging-policies", s.teacher().logging().toString());
    }
    if (s.teacher().propensity().enabled()) {
      m.put("--propensity", s.teacher().propensity().mode().name().toLowerCase());
      m.put("--propensity-clip", Float.toString(s.teacher().propensity().clip()));
    }
    shared(m, s);
    return m;
  }

  /** The settings that change an auxiliary DNN trained with {@code s} ({@link Workflow#trainScorer}). */
  public static Map<String, String> dnnSettings(TrainingSettings s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dnnSize", s.dnnSize());
    m.put("--reward-epochs", Integer.toString(s.dnnEpochs()));
    m.put("rewardLearningRate", Float.toString(s.rewardLearningRate()));
    shared(m, s);
    return m;
  }

  /** The settings that change a GoalRank generator trained with {@code s} ({@link Workflow#trainGoalRank}). */
  public static Map<String, String> generatorSettings(TrainingSettings s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("--size", s.generatorSize());
    m.put("--epochs", Integer.toString(s.generatorEpochs()));
    m.put("--group", s.group().toString());
    m.put("--loss", s.loss().name().toLowerCase());
    m.put("--select-on", s.selectOn().name().toLowerCase());
    m.put("--reference-temperature", Float.toString(s.referenceTemperature()));
    m.put("sampleTemperature", Float.toString(s.sampleTemperature()));
    m.put("--lr", Float.toString(s.learningRate()));
    m.put("clipNorm", Float.toString(s.clipNorm()));
    // only when on, so folders made before the refresh existed still match
    if (s.teacher().refresh().enabled()) {
      m.put("--teacher-refresh", Integer.toString(s.teacher().refresh().everyEpochs()));
      m.put("--refresh-impressions", Integer.toString(s.teacher().refresh().impressionsPerRequest()));
      m.put("--refresh-epochs", Integer.toString(s.teacher().refresh().epochs()));
    }
    shared(m, s);
    return m;
  }

  private static void shared(Map<String, String> m, TrainingSettings s) {
    m.put("--patience", Integer.toString(s.patience()));
    m.put("--batch-size", Integer.toString(s.batchSize()));
    m.put("--weight-decay", Float.toString(s.weightDecay()));
    m.put("--retriever-feature", s.retrieverFeature().label());
    m.put("--seed", Long.toString(s.seed()));
  }
}
