package io.goalrank.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * A help section that lists a registry's entries ({@link DatasetsHelp}, {@link GroupSourcesHelp}), on every command
 * with the registry's option. The lines are read when help is shown, so a newly registered entry shows up in
 * {@code --help} without touching the CLI.
 */
final class RegistryHelp {
  private RegistryHelp() {}

  /**
   * Adds section {@code key}, {@code heading} then each of {@code lines} indented, before the footer of {@code cli}
   * and of every subcommand below it that has {@code option}.
   */
  static void addTo(CommandLine cli, String option, String key, String heading, Supplier<List<String>> lines) {
    if (cli.getCommandSpec().findOption(option) != null) {
      cli.getHelpSectionMap().put(key, help -> {
        StringBuilder out = new StringBuilder(System.lineSeparator()).append(heading).append(System.lineSeparator());
        for (String line : lines.get()) {
          out.append("  ").append(line).append(System.lineSeparator());
        }
        return out.toString();
      });
      List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
      int footer = keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING);
      keys.add(footer < 0 ? keys.size() : footer, key);
      cli.setHelpSectionKeys(keys);
    }
    for (CommandLine sub : cli.getSubcommands().values()) {
      addTo(sub, option, key, heading, lines);
    }
  }
}
