package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.config.Settings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.fix.CheckRunner;
import dev.fathom.fix.CiReporting;
import dev.fathom.fix.CommitMessage;
import dev.fathom.fix.FailureReducer;
import dev.fathom.fix.FixReport;
import dev.fathom.git.FixBaseline;
import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import dev.fathom.loop.AgentResult;
import dev.fathom.loop.Limits;
import dev.fathom.loop.Prompts;
import dev.fathom.safety.ChildEnvironment;
import dev.fathom.ui.ProgressPrinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        List<String> outputs = outputPaths(launch.startDir(), repo.topLevel());
        FixBaseline baseline = FixBaseline.record(repo, outputs);
        CheckRunner runner = new CheckRunner(check, settings.workspace(), ChildEnvironment.scrub(launch.env(), settings.envAllow()), checkTimeout);
        launch.err().println("fathom: running the check: " + check);
        CheckRunner.Result before = runner.run();
        Outcome o = new Outcome();
        o.exitBefore = before.exitCode();
        o.timedOutBefore = before.timedOut();
        o.rawBytes = before.rawBytes();
        if (before.passed()) {
            launch.err().println("fathom: the check already passes; nothing to fix.");
            o.status = "already_passing";
            o.exitAfter = 0;
            return finish(o, launch, json, settings, repo, start, started);
        }
        launch.err().println("fathom: the check fails (exit " + before.exitCode() + (before.timedOut() ? ", timed out" : "") + ", "
                + before.rawBytes() + " bytes of output)");
        for (int i = 0; i < rerunFailing; i++) {
            CheckRunner.Result again = runner.run();
            if (again.passed()) {
                launch.err().println("fathom: the check passed when run again without any change: it is flaky, not broken");
                o.status = "flaky";
                o.exitAfter = 0;
                return finish(o, launch, json, settings, repo, start, started);
            }
        }
        if (!root.hasApiKey(settings)) {
            return ExitCodes.USAGE;
        }
        if (branch != null) {
            repo.createBranch(branch);
        }
        FailureReducer reducer = new FailureReducer(settings.workspace(), FailureReducer.DEFAULT_BUDGET_CHARS);
        String failure = reducer.reduce(before.output());
        o.sentChars = failure.length();
        try (RunFactory.Run run = RunFactory.create(settings, json, launch, new Limits(maxTurns, maxCost, null), null)) {
            run.agent().addListener(new ProgressPrinter(launch.err()));
            o.sessionId = run.sessionId();
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            CheckRunner.Result last = before;
            while (true) {
                o.attempts++;
                String prompt = o.attempts == 1
                        ? fill(Prompts.load("fix"), failure, last, o.attempts)
                        : fill(Prompts.load("fix-retry"), reducer.reduce(last.output()), last, o.attempts);
                Duration left = timeout == null ? null : Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                AgentResult r = run.agent().run(prompt, left);
                o.result = r;
                if (r.status() != AgentResult.Status.DONE) {
                    o.status = switch (r.status()) {
                        case LIMIT -> "limit";
                        case INTERRUPTED -> "interrupted";
                        default -> "error";
                    };
                    o.limit = r.limit();
                    o.error = r.error();
                    break;
                }
                launch.err().println("fathom: the model says it is done; running the check again");
                last = runner.run();
                o.exitAfter = last.exitCode();
                o.timedOutAfter = last.timedOut();
                if (last.passed()) {
                    // a pass without any change proves the check flaky, not the code fixed
                    o.status = baseline.changes().isEmpty() ? "flaky" : "fixed";
                    break;
                }
                launch.err().println("fathom: the check still fails (" + (last.timedOut() ? "timed out after " + checkTimeout : "exit " + last.exitCode()) + ")");
                if (o.attempts >= maxAttempts) {
                    o.status = "not_fixed";
                    break;
                }
                run.agent().escalate("attempt " + o.attempts + " did not make the check pass"); // the next attempt on the stronger model
                if (System.nanoTime() >= deadline) {
                    o.status = "limit";
                    o.limit = "time";
                    break;
                }
            }
        }
        FixBaseline.Changes changes = baseline.changes();
        o.files = changes.all();
        baseline.stage(changes);
        o.patchText = repo.diffToIndex(start);
        if (o.status.equals("fixed")) {
            deliver(o, repo, launch);
        } else if (!keep) {
            baseline.restore(changes, branch);
            launch.err().println("fathom: restored the repository to its starting state" + (branch != null ? " and deleted " + branch : ""));
        }
        baseline.dropRunRefs();
        return finish(o, launch, json, settings, repo, start, started);
    }

    /**
     * Commits and pushes a fix as asked. A refused commit or push ends as {@code commit_failed} or {@code push_failed}
     * with git's message; the work stays where it is (staged, or committed on the branch) for a person to finish.
     */
    private void deliver(Outcome o, GitRepo repo, Launch launch) {
        try {
            if (commit) {
                o.commit = repo.commitStaged(CommitMessage.of(answer(o), check, o.exitBefore, o.timedOutBefore, o.files)).abbreviate(7).name();
            }
        } catch (GitException e) {
            o.status = "commit_failed";
            o.error = e.getMessage();
            launch.err().println("fathom: " + e.getMessage() + "; the fix is left staged" + (branch != null ? " on " + branch : ""));
            return;
        }
        if (push) {
            try {
                repo.push(branch, pushToken(launch));
                o.pushed = true;
                launch.err().println("fathom: pushed " + branch + " to origin");
            } catch (GitException e) {
                o.status = "push_failed";
                o.error = e.getMessage();
                launch.err().println("fathom: " + e.getMessage() + "; the commit is kept on " + branch);
            }
        }
    }

    /** Mutable state of one fix run, turned into the report at the end. */
    private static final class Outcome {
        String status;
        String limit;
        String error;
        int attempts;
        int exitBefore;
        Integer exitAfter;
        boolean timedOutBefore;
        boolean timedOutAfter;
        boolean pushed;
        String commit;
        List<String> files = List.of();
        String patchText = "";
        String sessionId;
        AgentResult result;
        long rawBytes;
        int sentChars;
    }

    private String fill(String template, String failure, CheckRunner.Result run, int attempt) {
        String outcome = run.timedOut() ? "It did not finish within the check timeout (" + checkTimeout + ") and was stopped; it has no exit code"
                : "It exited with code " + run.exitCode();
        return template.replace("{command}", check).replace("{outcome}", outcome).replace("{failure}", failure.strip())
                .replace("{attempt}", String.valueOf(attempt)).replace("{max_attempts}", String.valueOf(maxAttempts));
    }

    private static String answer(Outcome o) {
        return o.result == null ? null : o.result.finalText();
    }

    private static String pushToken(Launch launch) {
        for (String name : new String[] {"FATHOM_GIT_TOKEN", "GITHUB_TOKEN", "GITLAB_TOKEN"}) {
            String v = launch.env().get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
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

    private int finish(Outcome o, Launch launch, ObjectMapper json, Settings settings, GitRepo repo, ObjectId start, long started)
            throws IOException, InterruptedException {
        AgentResult r = o.result;
        FixReport rep = new FixReport(o.status, o.limit, o.attempts, check, o.exitBefore, o.exitAfter,
                Set.of("fixed", "push_failed", "commit_failed").contains(o.status) ? branch : null, o.commit, o.files, r == null ? 0 : r.turns(),
                r == null ? 0 : r.usage().promptTokens(), r == null ? 0 : r.usage().completionTokens(),
                r == null ? 0 : r.usage().cacheHitTokens(), r == null ? 0 : r.usage().cacheMissTokens(),
                r == null ? 0 : r.usage().reasoningTokens(), r == null ? null : r.costUsd(), (System.nanoTime() - started) / 1_000_000,
                r == null ? settings.model() : r.model(), o.sessionId, o.rawBytes, o.sentChars, r == null ? null : r.finalText(), o.error,
                o.timedOutBefore, o.timedOutAfter);
        ObjectNode ci = prComment || openPr ? new CiReporting(launch.env(), prNumber, launch.err())
                .run(json, rep, prComment, openPr, o.pushed ? branch : null, CommitMessage.subject(answer(o))) : null;
        write(launch.startDir(), report, r == null ? rep.toJson(json, ci) : r.costs().addTo(rep.toJson(json, ci), json));
        write(launch.startDir(), summary, rep.toMarkdown() + (r == null ? "" : r.costs().markdown()));
        write(launch.startDir(), patch, o.patchText);
        launch.out().println(switch (o.status) {
            case "fixed" -> "fixed in " + o.attempts + (o.attempts == 1 ? " attempt" : " attempts")
                    + (branch != null ? " on branch " + branch : "") + (o.commit != null ? ", commit " + o.commit : "");
            case "already_passing" -> "already passing";
            case "flaky" -> "not fixed: the check is flaky (it passed again without any change)";
            case "commit_failed" -> "fixed, but the commit failed: " + o.error;
            case "push_failed" -> "fixed" + (o.commit != null ? " in commit " + o.commit : "") + ", but the push failed: " + o.error;
            case "not_fixed" -> "not fixed after " + o.attempts + (o.attempts == 1 ? " attempt" : " attempts");
            case "limit" -> "stopped: the " + o.limit + " limit was reached";
            case "interrupted" -> "interrupted";
            default -> "endpoint error: " + o.error;
        });
        return switch (o.status) {
            case "fixed", "already_passing" -> ExitCodes.OK;
            case "not_fixed", "flaky", "commit_failed", "push_failed" -> ExitCodes.FAILED;
            case "limit" -> ExitCodes.LIMIT;
            case "interrupted" -> ExitCodes.INTERRUPTED;
            default -> ExitCodes.ENDPOINT;
        };
    }

    private static void write(Path startDir, Path file, String content) throws IOException {
        if (file == null) {
            return;
        }
        Path target = startDir.resolve(file);
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, content, StandardCharsets.UTF_8);
    }
}
