package io.goalrank.cli;

import io.goalrank.data.DatasetDownloader;
import io.goalrank.data.DatasetReaders;
import io.goalrank.data.InteractionReader;
import io.goalrank.data.Interactions;
import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.util.PathChecks;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reads a dataset, runs the N→L protocol and writes the prepared requests. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = "Filter, cut requests, split them, train the MF retriever and build 50 candidates per request.")
public final class PrepareCommand implements Callable<Integer> {
  /** Shared with the experiments' {@code --requests}. */
  static final String REQUESTS_HELP = "How requests are cut from each user's timeline: last = one request per user, "
      + "its last 6 items, users split 80/20 at random (the default on every dataset: Table 1's published numbers "
      + "use it); slates = every 6 consecutive items of a user are a request, the user's last slate is test, the "
      + "one before it validation, earlier ones train (the GFN4Rec lineage's ML-1M protocol: every user is "
      + "evaluated, far more training requests). amazon-book has no timestamps, so its slates follow file order "
      + "(train.txt, then test.txt).";

  @Mixin CommonOptions common;

  @Option(names = "--dataset", required = true, description = "A reader of the \"Datasets\" section below: "
      + "${COMPLETION-CANDIDATES}.", completionCandidates = DatasetsHelp.Names.class)
  String dataset;

  @Option(names = "--data", description = "Local copy of the dataset (directory, or file for csv). "
      + "Without it the official files are downloaded to ~/.goalrank/data.")
  Path data;

  @Option(names = "--out", required = true, description = "Prepared dataset file to write.")
  Path out;

  @Option(names = "--negatives", defaultValue = "retriever",
      description = "retriever (paper), matched (popularity-matched) or random (uniform unseen items) negatives "
          + "(default: ${DEFAULT-VALUE}).")
  String negatives;

  @Option(names = "--requests", defaultValue = "last", description = REQUESTS_HELP + " (default: ${DEFAULT-VALUE})")
  String requests;

  @Option(names = "--core", defaultValue = "20", description = "Iterative k-core filter (default: ${DEFAULT-VALUE}).")
  int core;

  @Option(names = "--threshold", description = "Positive feedback threshold: a rating >= it is positive (default: "
      + "the dataset's, listed under \"Datasets\"; a csv with a rating column and no --threshold warns that every "
      + "rating counts as positive).")
  Float threshold;

  @Option(names = "--max-history", defaultValue = "50", description = "History items kept (default: ${DEFAULT-VALUE}).")
  int maxHistory;

  @Option(names = "--mf-epochs", defaultValue = "20", description = "Retriever epochs (default: ${DEFAULT-VALUE}).")
  int mfEpochs;

  @Option(names = "--mf-update", defaultValue = "auto", description = MfRetriever.Update.OPTION_HELP)
  String mfUpdate;

  @Override
  public Integer call() throws Exception {
    // bad option values and an --out that cannot be written stop before the data is read
    PathChecks.requireWritableFile(out, "--out", "prepared.bin");
    ProtocolConfig.NegativeSampling negativeSampling = negatives(negatives);
    ProtocolConfig.RequestMode requestMode = requests(requests);
    MfRetriever.Options d = MfRetriever.Options.defaults(common.seed);
    MfRetriever.Options mf = new MfRetriever.Options(d.dim(), mfEpochs, d.batchSize(), d.learningRate(),
        d.weightDecay(), common.seed)
        .withUpdate(MfRetriever.Update.parse(mfUpdate));
    InteractionReader reader = DatasetReaders.forName(dataset);
    Path source = data;
    if (source == null) {
      source = new DatasetDownloader().fetch(dataset, Path.of(System.getProperty("user.home"), ".goalrank", "data",
          dataset));
    }
    Interactions interactions = reader.read(source);
    PositiveThreshold positive = PositiveThreshold.resolve(reader, threshold, interactions);
    positive.warnIfAssumed();
    ProtocolConfig protocol = ProtocolConfig.builder().optCoreK(core).optPositiveThreshold(positive.value())
        .optMaxHistory(maxHistory).optSeed(common.seed)
        .optNegatives(negativeSampling).optRequests(requestMode).build();
    PreparedDataset prepared = positive.recordIn(new DatasetPreparer(protocol, mf).prepare(dataset, interactions));
    prepared.write(out);
    printStats(prepared, out);
    return 0;
  }

  static ProtocolConfig.NegativeSampling negatives(String value) {
    return switch (value.toLowerCase()) {
      case "retriever" -> ProtocolConfig.NegativeSampling.RETRIEVER;
      case "matched" -> ProtocolConfig.NegativeSampling.MATCHED;
      case "random" -> ProtocolConfig.NegativeSampling.RANDOM;
      default -> throw new IllegalArgumentException("--negatives must be retriever, matched or random, got '" + value
          + "'");
    };
  }

  static ProtocolConfig.RequestMode requests(String value) {
    return switch (value.toLowerCase()) {
      case "last" -> ProtocolConfig.RequestMode.LAST;
      case "slates" -> ProtocolConfig.RequestMode.SLATES;
      default -> throw new IllegalArgumentException("--requests must be last or slates, got '" + value + "'");
    };
  }

  static void printStats(PreparedDataset data, Path out) {
    System.out.println("Prepared " + data.info().get("dataset") + " -> " + out);
    for (Map.Entry<String, String> e : data.info().entrySet()) {
      if (e.getKey().startsWith("stats.") || e.getKey().startsWith("protocol.")) {
        boolean matched = !"retriever".equals(data.info().get("protocol.negatives"));
        String note = matched && (e.getKey().equals("stats.retrieverRecallAtN")
            || e.getKey().equals("stats.retrieverForcedShare"))
            ? "   (the retriever's; it did not choose these candidates: " + data.info().get("protocol.negatives")
                + " negatives)" : "";
        System.out.printf("  %-34s %s%s%n", e.getKey(), e.getValue(), note);
      }
    }
  }
}
