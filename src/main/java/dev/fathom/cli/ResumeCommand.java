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
 * {@code fathom resume ID|--last [PROMPT]}: continues a session with the exact context it had (the same request
 * prefix, so the prompt cache still hits): with a PROMPT headless like exec (its output options too), without one in
 * the interactive assistant.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Continue a session (by id, or the last one here): in the assistant, or headless like exec with a PROMPT.")
public final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    @Option(names = "--last", description = "The most recent session in this directory (then PROMPT is the only argument).")
    boolean last;

    @Parameters(arity = "0..2", paramLabel = "ID PROMPT",
            description = "The session id (or a unique prefix; omitted with --last), then what to do next (- reads stdin);"
                    + " without a PROMPT the interactive assistant opens on the session.")
    List<String> args;

    @Option(names = "--output", paramLabel = "FORMAT", converter = OutputConverter.class,
            description = "text, json or stream-json, as for exec. Default text.")
    ExecCommand.Output output = ExecCommand.Output.text;

    @Override
    public Integer call() throws IOException {
        List<String> given = args == null ? List.of() : args;
        int idCount = last ? 0 : 1;
        if (given.size() < idCount || given.size() > idCount + 1) {
            root.launch.err().println("fathom: usage: fathom resume ID [PROMPT], or fathom resume --last [PROMPT]");
            return ExitCodes.USAGE;
        }
        if (given.size() == idCount) {
            return new InteractiveSession(root, global).start(null, last ? "" : given.get(0));
        }
        ExecCommand exec = new ExecCommand();
        exec.root = root;
        exec.global = global;
        exec.prompt = given.get(given.size() - 1);
        exec.output = output;
        return exec.run(root.launch, global, last ? "" : given.get(0));
    }
}
