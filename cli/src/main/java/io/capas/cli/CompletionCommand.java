package io.capas.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capas completion}: prints the bash completion script of the whole command (picocli's
 * {@link AutoComplete}); {@code source <(capas completion)} in {@code ~/.bashrc} enables it.
 */
@Command(
    name = "completion",
    description = {
      "Print the bash completion script of capas.",
      "Enable it with: source <(capas completion)   (in ~/.bashrc, or save it to"
          + " /etc/bash_completion.d/capas)"
    })
final class CompletionCommand implements Callable<Integer> {
  private final Main.Io io;

  @Spec CommandSpec spec = CommandSpec.create();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  CompletionCommand(Main.Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    io.out().print(AutoComplete.bash("capas", spec.root().commandLine()));
    io.out().flush();
    return Main.OK;
  }
}
