package io.goalrank.cli;

import io.goalrank.group.GroupSources;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Adds a "Group sources" section, read from {@link GroupSources}, to the help of every command with a
 * {@code --group} option, so a newly registered source shows up in {@code --help} without touching the CLI.
 */
final class GroupSourcesHelp {
  static final String SECTION = "groupSources";

  private GroupSourcesHelp() {}

  /** Adds the section to {@code cli} and to every subcommand below it that has {@code --group}. */
  static void addTo(CommandLine cli) {
    if (cli.getCommandSpec().findOption("--group") != null) {
      cli.getHelpSectionMap().put(SECTION, help -> {
        StringBuilder out = new StringBuilder("%nGroup sources (--group source:count,...):%n".formatted());
        for (String line : GroupSources.help()) {
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
