package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.config.ProjectTrust;
import dev.fathom.config.Settings;
import dev.fathom.config.SettingsLoader;
import dev.fathom.config.StoredKey;
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

/**
 * {@code fathom doctor}: what Fathom will use here, and what is missing. Every check runs, even after one fails (an
 * invalid settings file falls back to the defaults for the rest); the exit code is 1 when any line is a FAIL.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Check the setup: Java, settings, API key and endpoint, git, ripgrep, the sandbox, FATHOM_HOME. Exit 1 on any FAIL.")
public final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    private Launch launch;
    private boolean failed;

    @Override
    public Integer call() throws Exception {
        launch = root.launch;
        ObjectMapper json = new ObjectMapper();
        line(true, "fathom " + Version.get() + " on Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
        SettingsLoader.Flags flags = global.or(root.global).flags();
        Settings settings;
        try {
            settings = new SettingsLoader(json, launch.env(), launch.startDir()).load(flags);
            settingsFiles(settings, flags);
        } catch (ConfigException e) {
            line(false, "settings: " + e.getMessage() + " (the checks below use the defaults)");
            settings = defaults(json, flags);
        }
        String envKey = launch.env().get("DEEPSEEK_API_KEY");
        boolean fromEnv = envKey != null && !envKey.isBlank();
        boolean key = settings.apiKey() != null && !settings.apiKey().isBlank();
        line(key, !key ? "API key: none (DEEPSEEK_API_KEY is not set and fathom login stored none)"
                : fromEnv ? "API key: DEEPSEEK_API_KEY is set" : "API key: stored by fathom login (" + StoredKey.file(settings.fathomHome()) + ")");
        ModelTable table = ModelTable.load(json);
        line(true, "model: " + table.resolveName(settings.model()) + (table.isKnown(settings.model()) ? "" : " (not in the model table: "
                + "window " + table.lookup(settings.model(), settings.contextWindow()).contextWindow() + " tokens, no prices)"));
        EndpointCheck.Outcome endpoint = EndpointCheck.run(settings.baseUrl(), settings.apiKey());
        line(endpoint.ok(), endpoint.text());
        boolean git = works("git --version");
        line(git, "git: " + (git ? "found" : "not found (needed by fix and the tests)"));
        line(true, "ripgrep: " + (works("rg --version") ? "found; grep uses it" : "not found; grep uses its Java engine"));
        sandbox(settings);
        Path home = settings.fathomHome();
        boolean writable = Files.isWritable(home) || (!Files.exists(home) && Files.isWritable(home.toAbsolutePath().getParent()));
        line(writable, "FATHOM_HOME " + home + (writable ? " is writable" : " is not writable; sessions cannot be saved"));
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** The settings with no file read; with no flag either when a flag is what is wrong. */
    private Settings defaults(ObjectMapper json, SettingsLoader.Flags flags) {
        SettingsLoader loader = new SettingsLoader(json, launch.env(), launch.startDir()).withoutFiles();
        try {
            return loader.load(flags);
        } catch (ConfigException badFlag) {
            return loader.load(new SettingsLoader.Flags(null, null, null, null, null, null, null, null, false, null, false, false, null, null));
        }
    }

    /** The settings files that exist, each once; a project file with its trust. */
    private void settingsFiles(Settings settings, SettingsLoader.Flags flags) {
        int shown = 0;
        Path user = settings.fathomHome().resolve("settings.json");
        if (Files.isRegularFile(user)) {
            line(true, "settings " + user + ": valid");
            shown++;
        }
        for (ProjectTrust.FileState f : settings.project().files()) {
            boolean trusted = f.trust() != ProjectTrust.Trust.UNTRUSTED;
            launch.out().println((trusted ? "ok   " : "warn ") + "project settings " + f.describe());
            shown++;
        }
        if (flags.config() != null) {
            line(true, "settings " + launch.startDir().resolve(flags.config()) + ": valid (--config)");
            shown++;
        }
        if (shown == 0) {
            line(true, "settings: no settings file; the defaults apply");
        }
    }

    private void sandbox(Settings settings) throws IOException {
        ApprovalMode mode = ApprovalMode.parse(settings.approvalOr("full-auto"));
        Path probeDir = Files.createTempDirectory("fathom-doctor");
        try {
            Sandbox sandbox = RunFactory.sandbox(settings, launch, ChildEnvironment.scrub(launch.env(), settings.envAllow()), probeDir,
                    mode != ApprovalMode.READ_ONLY);
            if (sandbox == null) {
                line(false, "sandbox: bubblewrap is not installed; shell commands would run unconfined (apt-get install bubblewrap)");
                return;
            }
            for (SandboxCheck.Finding f : SandboxCheck.run(sandbox)) {
                line(f.ok(), f.text());
            }
        } finally {
            Files.deleteIfExists(probeDir);
        }
    }

    private void line(boolean good, String text) {
        launch.out().println((good ? "ok   " : "FAIL ") + text);
        failed |= !good;
    }

    private boolean works(String command) {
        ProcessBuilder pb = Shell.command(command + " >/dev/null 2>&1", Path.of("."), Map.of("PATH", launch.env().getOrDefault("PATH", "/usr/bin:/bin")));
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
