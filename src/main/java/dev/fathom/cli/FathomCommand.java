package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.config.Settings;
import dev.fathom.config.SettingsLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** The root command: {@code fathom [PROMPT]}; {@link Main} registers the subcommands a command line needs. */
@Command(name = "fathom", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"An agentic coding harness for DeepSeek V4.",
            "A PROMPT of one bare word is taken for a mistyped command; send one word with: fathom -- WORD.",
            "With standard input piped (echo task | fathom), the task runs headless as fathom exec would."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done", "1:the task did not succeed", "2:usage or configuration error",
            "3:endpoint error (auth, balance, unreachable after retries)", "4:a limit was hit (turns, cost, time)",
            "5:the final answer does not match --output-schema",
            "130:interrupted"})
public final class FathomCommand implements Callable<Integer> {
    final Launch launch;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "PROMPT", description = "Start the interactive assistant with this prompt.")
    String prompt;

    @CommandLine.Option(names = {"-c", "--continue"}, description = "Open the assistant on the most recent session in this directory.")
    boolean continueLast;

    @CommandLine.Option(names = {"-r", "--resume"}, paramLabel = "ID", description = "Open the assistant on this session (an id or a unique prefix).")
    String resumeId;

    @CommandLine.Option(names = "--interactive", description = "Open the assistant even when stdin is not a terminal (a script"
            + " typing into it); without it, piped stdin runs the task headless.")
    boolean interactive;

    public FathomCommand(Launch launch) {
        this.launch = launch;
    }

    /** Loads the settings for a subcommand; a configuration error is printed and null returned (exit code 2). */
    Settings settings(GlobalOptions subcommand, ObjectMapper json) {
        try {
            return new SettingsLoader(json, launch.env(), launch.startDir()).load(subcommand.or(global).flags());
        } catch (ConfigException e) {
            launch.err().println("fathom: " + e.getMessage());
            return null;
        }
    }

    /**
     * Loads the settings for a headless command (default approval full-auto) and says once on stderr what an untrusted
     * project asked for and did not get, and how to trust it.
     */
    Settings headlessSettings(GlobalOptions subcommand, ObjectMapper json) {
        Settings s = settings(subcommand, json);
        String notice = s == null ? null : s.project().notice("full-auto", s.fathomHome().resolve("settings.json"));
        if (notice != null) {
            launch.err().println(notice);
        }
        return s;
    }

    /** Whether an API key is set; if not, says how to set one. */
    boolean hasApiKey(Settings settings) {
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            return true;
        }
        launch.err().println("fathom: no API key. Create one at https://platform.deepseek.com/api_keys, then run fathom login"
                + " (or export DEEPSEEK_API_KEY=sk-...).");
        return false;
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (continueLast && resumeId != null) {
            launch.err().println("fathom: --continue and --resume exclude each other");
            return ExitCodes.USAGE;
        }
        String notACommand = UsageErrors.notACommand(prompt, spec.commandLine().getParseResult().originalArgs());
        if (notACommand != null) {
            launch.err().println(notACommand);
            return ExitCodes.USAGE;
        }
        if (!launch.inIsTerminal() && !interactive) {
            // No one to type answers (echo task | fathom): the piped text is the task, run as exec runs it.
            ExecCommand exec = new ExecCommand();
            exec.root = this;
            exec.global = new GlobalOptions();
            exec.prompt = prompt;
            return exec.run(launch, global, continueLast ? "" : resumeId);
        }
        return new InteractiveSession(this, global).start(prompt, continueLast ? "" : resumeId);
    }
}
