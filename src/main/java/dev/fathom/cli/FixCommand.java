package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.config.Settings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.fix.CheckRun;
import dev.fathom.fix.CheckRunner;
import dev.fathom.fix.CiReporting;
import dev.fathom.fix.CommitMessage;
import dev.fathom.fix.FailureReducer;
import dev.fathom.fix.FixAttempts;
import dev.fathom.fix.FixDelivery;
import dev.fathom.fix.FixOutcome;
import dev.fathom.fix.FixOutputs;
import dev.fathom.fix.FixPrompts;
import dev.fathom.fix.FixReport;
import dev.fathom.git.FixBaseline;
import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import dev.fathom.loop.Limits;
import dev.fathom.safety.ChildEnvironment;
import dev.fathom.ui.ProgressPrinter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.lib.ObjectId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fathom fix --check CMD}: the CI auto-fix bot. The harness runs the check, lets the model fix the failure,
 * runs the check again itself, and leaves a branch, a commit, a patch, a report and a summary. On failure the
 * repository is put back as it was.
 */
@Command(name = "fix", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Make a failing check pass: run it, let the model fix the code, prove it passes, leave a reviewable result.")
public final class FixCommand implements Callable<Integer> {
    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    @Option(names = "--check", required = true, paramLabel = "CMD", description = "The check; exit code 0 means it passes.")
    String check;

    @Option(names = "--branch", paramLabel = "NAME", description = "Do the work on this new branch, made from the current commit.")
    String branch;

    @Option(names = "--commit", description = "Commit the fix (one commit, generated message).")
    boolean commit;

    @Option(names = "--patch", paramLabel = "FILE", description = "Write the change as a unified diff.")
    Path patch;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report (schema in README).")
    Path report;

    @Option(names = "--summary", paramLabel = "FILE", description = "Write a Markdown summary for a pull request.")
    Path summary;

    @Option(names = "--max-attempts", paramLabel = "N", description = "How many times the model may try. Default 3.")
    int maxAttempts = 3;

    @Option(names = "--max-turns", paramLabel = "N", description = "Model turns over all attempts (exit 4).")
    Integer maxTurns;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Cost over all attempts (exit 4).")
    Double maxCost;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "Wall time over all attempts (exit 4).")
    Duration timeout;

    @Option(names = "--check-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest one run of the check may take. Default 30m.")
    Duration checkTimeout = Duration.ofMinutes(30);

    @Option(names = "--keep", description = "On failure, leave the changes and the branch instead of restoring the start.")
    boolean keep;

    @Option(names = "--rerun-failing", paramLabel = "N", description = "Run a failing check up to N more times before "
            + "calling the model; a pass means the check is flaky (status flaky, exit 1). Default 1; 0 turns it off.")
    int rerunFailing = 1;

    @Option(names = "--pr-comment", description = "Post the summary as one comment on the pull/merge request, updated by later runs "
            + "(GitHub Actions or GitLab CI; token from GITHUB_TOKEN or GITLAB_TOKEN).")
    boolean prComment;

    @Option(names = "--open-pr", description = "When fixed and pushed, open a pull/merge request from --branch into the failing branch.")
    boolean openPr;

    @Option(names = "--pr", paramLabel = "N", description = "The pull/merge request to comment on (default: from the CI environment).")
    Integer prNumber;

    @Option(names = "--output", paramLabel = "FORMAT", converter = OutputConverter.class,
            description = "text (one line with the outcome) or json (the report as one JSON document). Default text.")
    ExecCommand.Output output = ExecCommand.Output.text;

    @Option(names = "--push", description = "Push the branch to origin (needs --branch); token from FATHOM_GIT_TOKEN, GITHUB_TOKEN or GITLAB_TOKEN.")
    boolean push;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Launch launch = root.launch;
        ObjectMapper json = new ObjectMapper();
        Settings settings = root.headlessSettings(global, json);
        if (settings == null) {
            return ExitCodes.USAGE;
        }
        try {
            checkOptions();
        } catch (ConfigException e) {
            launch.err().println("fathom: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        GitRepo repo;
        try {
            repo = GitRepo.open(settings.workspace(), launch.env());
        } catch (GitException e) {
            launch.err().println("fathom: fix needs a git repository to work in and restore: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (repo) {
            return fix(settings, json, launch, repo);
        } catch (GitException e) {
            launch.err().println("fathom: git failed during the fix run: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private void checkOptions() {
        if (check.isBlank()) {
            throw new ConfigException("--check is empty; give the command that must pass.");
        }
        if (maxAttempts < 1) {
            throw new ConfigException("--max-attempts must be at least 1.");
        }
        if (push && branch == null) {
            throw new ConfigException("--push needs --branch: Fathom only pushes a branch of its own.");
        }
        if (openPr && !push) {
            throw new ConfigException("--open-pr needs --push (and --branch): the pull request is opened from the pushed fix branch.");
        }
        if (rerunFailing < 0) {
            throw new ConfigException("--rerun-failing must be 0 or more.");
        }
        if (output == ExecCommand.Output.stream_json) {
            throw new ConfigException("fix writes --output text or json; stream-json is for exec.");
        }
        if (maxTurns != null && maxTurns < 1) {
            throw new ConfigException("--max-turns must be at least 1.");
        }
    }

    private int fix(Settings settings, ObjectMapper json, Launch launch, GitRepo repo) throws GitException, IOException, InterruptedException {
        long started = System.nanoTime();
        ObjectId start = repo.head();
        if (start == null) {
            launch.err().println("fathom: the repository has no commits yet; fix works from a commit.");
            return ExitCodes.USAGE;
        }
        Status status = repo.status();
        if (!status.getModified().isEmpty() || !status.getChanged().isEmpty() || !status.getAdded().isEmpty()
                || !status.getRemoved().isEmpty() || !status.getMissing().isEmpty() || !status.getConflicting().isEmpty()) {
            launch.err().println("fathom: the working tree has uncommitted changes; commit or stash them first (fix restores the tree on failure).");
            return ExitCodes.USAGE;
        }
        FixBaseline baseline = FixBaseline.record(repo, outputPaths(launch.startDir(), repo.topLevel()));
        CheckRunner runner = new CheckRunner(check, settings.workspace(), ChildEnvironment.scrub(launch.env(), settings.envAllow()), checkTimeout);
        FailureReducer reducer = new FailureReducer(settings.workspace(), FailureReducer.DEFAULT_BUDGET_CHARS);
        FixOutcome o = new FixOutcome();
        CheckRunner.Result before = checkBeforeTheModel(runner, reducer, o, launch.err());
        if (o.status != null) {
            return finish(o, launch, json, settings, started);
        }
        if (!root.hasApiKey(settings)) {
            return ExitCodes.USAGE;
        }
        if (branch != null) {
            repo.createBranch(branch);
        }
        try (RunFactory.Run run = RunFactory.create(settings, json, launch, new Limits(maxTurns, maxCost, null), null)) {
            run.agent().addListener(new ProgressPrinter(launch.err()));
            o.sessionId = run.sessionId();
            // one agent for every attempt; an attempt after a failed check runs on the escalation model
            FixAttempts.AttemptModel model = (attempt, prompt, left) -> {
                if (attempt > 1) {
                    run.agent().escalate("attempt " + (attempt - 1) + " did not make the check pass");
                }
                return run.agent().run(prompt, left);
            };
            new FixAttempts(runner, reducer, new FixPrompts(check, maxAttempts), maxAttempts, timeout, launch.err())
                    .run(o, before, model, () -> !baseline.changes().isEmpty());
        }
        FixBaseline.Changes changes = baseline.changes();
        o.files = changes.all();
        baseline.stage(changes);
        o.patchText = baseline.patch();
        if (o.status.equals("fixed")) {
            FixDelivery.deliver(o, repo, check, commit, branch, push, launch.env(), launch.err());
        } else if (!keep) {
            baseline.restore(changes, branch);
            launch.err().println("fathom: restored the repository to its starting state" + (branch != null ? " and deleted " + branch : ""));
        }
        baseline.dropRunRefs();
        return finish(o, launch, json, settings, started);
    }

    /**
     * Runs the check, and again ({@code --rerun-failing}) when it fails; returns the first failing run. When the model
     * has nothing to do (the check passes, or passes when run again: flaky), the outcome's status says so.
     */
    private CheckRunner.Result checkBeforeTheModel(CheckRunner runner, FailureReducer reducer, FixOutcome o, java.io.PrintStream err)
            throws IOException, InterruptedException {
        err.println("fathom: running the check: " + check);
        CheckRunner.Result before = runner.run();
        o.checkRuns.add(CheckRun.of("initial", before, reducer));
        o.rawBytes = before.rawBytes();
        if (before.passed()) {
            err.println("fathom: the check already passes; nothing to fix.");
            o.status = "already_passing";
            return before;
        }
        err.println("fathom: the check fails (" + before.describe() + ", " + before.rawBytes() + " bytes of output)");
        for (int i = 0; i < rerunFailing; i++) {
            CheckRunner.Result again = runner.run();
            o.checkRuns.add(CheckRun.of("rerun", again, reducer));
            if (again.passed()) {
                err.println("fathom: the check passed when run again without any change: it is flaky, not broken");
                o.status = "flaky";
                return before;
            }
        }
        return before;
    }

    /** The report, patch and summary files that lie inside the repository, relative to its top level: never committed. */
    private List<String> outputPaths(Path startDir, Path topLevel) {
        List<String> inside = new ArrayList<>();
        for (Path p : new Path[] {report, patch, summary}) {
            if (p != null) {
                Path abs = startDir.resolve(p).toAbsolutePath().normalize();
                Path top = topLevel.toAbsolutePath().normalize();
                if (abs.startsWith(top)) {
                    inside.add(top.relativize(abs).toString().replace('\\', '/'));
                }
            }
        }
        return inside;
    }

    private int finish(FixOutcome o, Launch launch, ObjectMapper json, Settings settings, long started) throws IOException, InterruptedException {
        FixReport rep = FixReport.of(o, check, checkTimeout, branch, (System.nanoTime() - started) / 1_000_000, settings.model());
        ObjectNode ci = prComment || openPr ? new CiReporting(launch.env(), prNumber, launch.err())
                .run(json, rep, prComment, openPr, o.pushed ? branch : null, CommitMessage.subject(o.answer())) : null;
        new FixOutputs(launch.startDir(), report, summary, patch, output == ExecCommand.Output.json)
                .write(json, rep, ci, o.patchText, o.result == null ? null : o.result.costs(), launch.out());
        return switch (o.status) {
            case "fixed", "already_passing" -> ExitCodes.OK;
            case "not_fixed", "flaky", "commit_failed", "push_failed" -> ExitCodes.FAILED;
            case "limit" -> ExitCodes.LIMIT;
            case "interrupted" -> ExitCodes.INTERRUPTED;
            default -> ExitCodes.ENDPOINT;
        };
    }
}
