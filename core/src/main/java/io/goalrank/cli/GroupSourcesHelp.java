package io.goalrank.cli;

import io.goalrank.group.GroupSources;
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
    RegistryHelp.addTo(cli, "--group", SECTION, "Group sources (--group source:count,...):", GroupSources::help);
  }
}
