package dev.fathom.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fathom resume ID PROMPT} or {@code fathom resume --last PROMPT}: continues a session headless, with the exact context it had (the same
 * request prefix, so the prompt cache still hits). Output options are those of exec.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Continue a session (by id, or the last one here) with a new prompt, headless like exec.")
public final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    @Option(names = "--last", description = "The most recent session in this directory (then PROMPT is the only argument).")
    boolean last;

    @Parameters(arity = "1..2", paramLabel = "ID PROMPT",
            description = "The session id (or a unique prefix; omitted with --last), then what to do next (- reads stdin).")
    List<String> args;

    @Option(names = "--output", paramLabel = "FORMAT", converter = OutputConverter.class,
            description = "text, json or stream-json, as for exec. Default text.")
    ExecCommand.Output output = ExecCommand.Output.text;

    @Override
    public Integer call() throws IOException {
        if (args.size() != (last ? 1 : 2)) {
            root.launch.err().println("fathom: usage: fathom resume ID PROMPT, or fathom resume --last PROMPT");
            return ExitCodes.USAGE;
        }
        ExecCommand exec = new ExecCommand();
        exec.root = root;
        exec.global = global;
        exec.prompt = args.get(args.size() - 1);
        exec.output = output;
        return exec.run(root.launch, global, last ? "" : args.get(0));
    }
}
