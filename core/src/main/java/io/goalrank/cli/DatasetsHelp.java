package io.goalrank.cli;

import io.goalrank.data.DatasetReaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
    if (cli.getCommandSpec().findOption("--dataset") != null) {
      cli.getHelpSectionMap().put(SECTION, help -> {
        StringBuilder out = new StringBuilder("%nDatasets (--dataset):%n".formatted());
        for (String line : DatasetReaders.help()) {
          out.append("  ").append(line).append(System.lineSeparator());
        }
        return out.toString();
      });
      List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
      int footer = keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING);
      keys.add(footer < 0 ? keys.size() : footer, SECTION);
      cli.setHelpSectionKeys(keys);
    }
    for (CommandLine sub : cli.getSubcommands().values()) {
      addTo(sub);
    }
  }
}
