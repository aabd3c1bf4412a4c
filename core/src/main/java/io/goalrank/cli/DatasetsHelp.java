package io.goalrank.cli;

import io.goalrank.data.DatasetReaders;
import java.util.Iterator;
import picocli.CommandLine;

/**
 * Adds a "Datasets" section, read from {@link DatasetReaders}, to the help of every command with a
 * {@code --dataset} option, so a newly registered reader (with its default threshold) shows up in {@code --help}
 * without touching the CLI.
 */
final class DatasetsHelp {
  static final String SECTION = "datasets";

  private DatasetsHelp() {}

  /** The registered names, for {@code ${COMPLETION-CANDIDATES}}. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return DatasetReaders.names().iterator();
    }
  }

  /** Adds the section to {@code cli} and to every subcommand below it that has {@code --dataset}. */
  static void addTo(CommandLine cli) {
    RegistryHelp.addTo(cli, "--dataset", SECTION, "Datasets (--dataset):", DatasetReaders::help);
  }
}
