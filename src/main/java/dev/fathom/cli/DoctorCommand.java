package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.Settings;
import dev.fathom.llm.ModelTable;
import dev.fathom.safety.ApprovalMode;
import dev.fathom.safety.ChildEnvironment;
import dev.fathom.safety.Sandbox;
import dev.fathom.safety.SandboxCheck;
import dev.fathom.safety.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code fathom doctor}: what Fathom will use here, and what is missing. Exit 0 when nothing essential is. */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Check the setup: Java, settings, API key, git, ripgrep, the sandbox, FATHOM_HOME.")
public final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Launch launch = root.launch;
        ObjectMapper json = new ObjectMapper();
        boolean ok = true;
        line(launch, true, "fathom " + Version.get() + " on Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
        Settings settings = root.settings(global, json);
        if (settings == null) {
            line(launch, false, "settings: invalid (see the message above)");
            return ExitCodes.USAGE;
        }
        line(launch, true, "settings: valid (" + settings.fathomHome().resolve("settings.json") + ")");
        for (dev.fathom.config.ProjectTrust.FileState f : settings.project().files()) {
            boolean trusted = f.trust() != dev.fathom.config.ProjectTrust.Trust.UNTRUSTED;
            launch.out().println((trusted ? "ok   " : "warn ") + "project settings " + f.describe());
        }
        if (settings.project().files().isEmpty()) {
            line(launch, true, "project settings: none (.fathom/settings.json from " + settings.project().root() + " down)");
        }
        boolean key = settings.apiKey() != null && !settings.apiKey().isBlank();
        ok &= line(launch, key, key ? "DEEPSEEK_API_KEY is set" : "DEEPSEEK_API_KEY is not set (export DEEPSEEK_API_KEY=sk-...)");
        ModelTable table = ModelTable.load(json);
        line(launch, true, "model: " + table.resolveName(settings.model()) + (table.isKnown(settings.model()) ? "" : " (not in the model table: "
                + "window " + table.lookup(settings.model(), settings.contextWindow()).contextWindow() + " tokens, no prices)")
                + ", endpoint " + settings.baseUrl());
        ok &= line(launch, works(launch, "git --version"), "git: " + (works(launch, "git --version") ? "found" : "not found (needed by fix and the tests)"));
        line(launch, true, "ripgrep: " + (works(launch, "rg --version") ? "found; grep uses it" : "not found; grep uses its Java engine"));
        ApprovalMode mode = ApprovalMode.parse(settings.approvalOr("full-auto"));
        Path probeDir = Files.createTempDirectory("fathom-doctor");
        Sandbox sandbox = RunFactory.sandbox(settings, launch, ChildEnvironment.scrub(launch.env(), settings.envAllow()), probeDir,
                mode != ApprovalMode.READ_ONLY);
        if (sandbox == null) {
            line(launch, false, "sandbox: bubblewrap is not installed; shell commands would run unconfined (apt-get install bubblewrap)");
        } else {
            for (SandboxCheck.Finding f : SandboxCheck.run(sandbox)) {
                ok &= line(launch, f.ok(), f.text());
            }
        }
        Files.deleteIfExists(probeDir);
        Path home = settings.fathomHome();
        boolean writable = Files.isWritable(home) || (!Files.exists(home) && Files.isWritable(home.toAbsolutePath().getParent()));
        ok &= line(launch, writable, "FATHOM_HOME " + home + (writable ? " is writable" : " is not writable; sessions cannot be saved"));
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static boolean line(Launch launch, boolean good, String text) {
        launch.out().println((good ? "ok   " : "FAIL ") + text);
        return good;
    }

    private static boolean works(Launch launch, String command) {
        return run(Shell.command(command + " >/dev/null 2>&1", Path.of("."), Map.of("PATH", launch.env().getOrDefault("PATH", "/usr/bin:/bin"))));
    }

    private static boolean run(ProcessBuilder pb) {
        try {
            Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
