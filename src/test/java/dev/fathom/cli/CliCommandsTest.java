package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** help, completion, mistyped commands and flags: none of them reaches the model. */
class CliCommandsTest extends EndToEndSupport {

    @Test
    void helpIsACommandAndDescribesOneCommand() {
        CliRun.Result all = cli.run("help");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("Usage: fathom", "exec ", "doctor ", "login ", "completion ");

        CliRun.Result exec = cli.run("help", "exec");
        assertThat(exec.exitCode()).isZero();
        assertThat(exec.out()).contains("Usage: fathom exec", "--output", "--output-schema");

        CliRun.Result typo = cli.run("help", "exex");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("no command 'exex'; did you mean 'exec'?");
        assertThat(server.requests()).as("nothing was sent to the model").isEmpty();
    }

    @Test
    void bashCompletionCompletesCommandsAndOptionsInRealBash() throws Exception {
        CliRun.Result r = cli.run("completion", "bash");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path script = Files.writeString(tmp.resolve("fathom.bash"), r.out());
        String words = complete(script, "fathom ex", "(fathom ex)", 1) + "|" + complete(script, "fathom exec --outp", "(fathom exec --outp)", 2);
        assertThat(words).isEqualTo("exec|--output --output-file --output-schema");
        assertThat(cli.run("completion", "zsh").out()).as("zsh runs the bash script through bashcompinit")
                .isEqualTo(r.out()).contains("bashcompinit");
    }

    @Test
    void fishCompletionNamesEveryCommandAndItsOptions() {
        CliRun.Result r = cli.run("completion", "fish");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("-a exec ", "-a doctor ", "-a login ",
                "complete -c fathom -n '__fish_seen_subcommand_from exec' -l output -r")
                .doesNotContain("train-cache");
        CliRun.Result bad = cli.run("completion", "tcsh");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("use bash, zsh or fish");
    }

    @Test
    void aMistypedCommandIsNotAPrompt() {
        CliRun.Result r = cli.run("exex");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'exex' is not a command; did you mean 'fathom exec'?", "fathom -- exex");
        CliRun.Result far = cli.run("zzzzzz");
        assertThat(far.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(far.err()).contains("'zzzzzz' is not a command (commands: exec, fix,");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aPromptOfSeveralWordsOrAfterDoubleDashStillRuns() {
        server.enqueue(Reply.text("It is a demo.")).enqueue(Reply.text("Hi."));
        cli.stdin("");
        CliRun.Result r = cli.run("what is this project");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("It is a demo.\n");
        CliRun.Result word = cli.run("--", "hello");
        assertThat(word.exitCode()).as(word.err()).isZero();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aWrongFlagGivesOneLineAndWhereHelpIs() {
        CliRun.Result r = cli.run("exec", "--outptu", "json", "say hi");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines()).containsExactly("fathom: unknown option '--outptu'; did you mean '--output'?", "see `fathom exec --help`");
        assertThat(r.out()).isEmpty();
    }

    /** Runs bash's completion function on a command line and returns what it offers. */
    private String complete(Path script, String line, String wordsArray, int cword) throws IOException, InterruptedException {
        String program = "source " + script + " 2>/dev/null; COMP_WORDS=" + wordsArray + "; COMP_CWORD=" + cword + "; COMP_LINE='" + line
                + "'; COMP_POINT=" + line.length() + "; _complete_fathom 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
