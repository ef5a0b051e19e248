package dev.fathom.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code fathom completion bash|zsh|fish}: a completion script on stdout. Bash's is picocli's generator; zsh runs the
 * same script through its bash compatibility (the script loads bashcompinit itself); fish's is written here from the
 * same command model.
 */
@Command(name = "completion", description = {"Print a shell completion script: bash, zsh or fish.",
    "bash: source <(fathom completion bash)   zsh: source <(fathom completion zsh)",
    "fish: fathom completion fish > ~/.config/fish/completions/fathom.fish"})
public final class CompletionCommand implements Callable<Integer> {
    @ParentCommand
    FathomCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    String shell;

    @Override
    public Integer call() {
        CommandLine fathom = spec.parent().commandLine();
        switch (shell) {
            case "bash", "zsh" -> root.launch.out().print(AutoComplete.bash("fathom", fathom));
            case "fish" -> root.launch.out().print(fish(fathom));
            default -> {
                root.launch.err().println("fathom: no completion for '" + shell + "'; use bash, zsh or fish");
                return ExitCodes.USAGE;
            }
        }
        root.launch.out().flush();
        return ExitCodes.OK;
    }

    /** One {@code complete} line per command and per option; options of a command only after its name. */
    static String fish(CommandLine fathom) {
        StringBuilder s = new StringBuilder("# fathom completions for fish\ncomplete -c fathom -f\n");
        Map<String, CommandLine> subs = fathom.getSubcommands();
        String names = String.join(" ", Main.commandNames());
        for (String name : Main.commandNames()) {
            CommandLine sub = subs.get(name);
            if (sub == null) {
                continue;
            }
            s.append("complete -c fathom -n 'not __fish_seen_subcommand_from ").append(names).append("' -a ").append(name)
                    .append(" -d ").append(quote(firstLine(sub.getCommandSpec()))).append('\n');
            options(s, sub.getCommandSpec(), "__fish_seen_subcommand_from " + name);
        }
        options(s, fathom.getCommandSpec(), "not __fish_seen_subcommand_from " + names);
        return s.toString();
    }

    private static void options(StringBuilder s, CommandLine.Model.CommandSpec spec, String condition) {
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            s.append("complete -c fathom -n '").append(condition).append('\'');
            for (String n : o.names()) {
                s.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
            }
            if (o.arity().max() > 0) {
                s.append(" -r");
            }
            String[] d = o.description();
            s.append(" -d ").append(quote(d.length == 0 ? "" : d[0])).append('\n');
        }
    }

    private static String firstLine(CommandLine.Model.CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? "" : d[0];
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
