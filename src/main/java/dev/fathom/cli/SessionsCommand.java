package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.Settings;
import dev.fathom.session.SessionFiles;
import dev.fathom.session.SessionPaths;
import dev.fathom.session.StoredSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code fathom sessions}: the sessions of this directory (or all), newest first. */
@Command(name = "sessions", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List sessions: id, last activity, directory, first prompt, tokens, cost.")
public final class SessionsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    @Option(names = "--all", description = "Sessions of every directory, not just this one.")
    boolean all;

    @Override
    public Integer call() throws IOException {
        Launch launch = root.launch;
        ObjectMapper json = new ObjectMapper();
        Settings settings = root.settings(global, json);
        if (settings == null) {
            return ExitCodes.USAGE;
        }
        SessionFiles files = new SessionFiles(json);
        List<Path> logs = new ArrayList<>();
        if (all) {
            Path sessions = settings.fathomHome().resolve("sessions");
            if (Files.isDirectory(sessions)) {
                try (Stream<Path> projects = Files.list(sessions)) {
                    projects.filter(Files::isDirectory).forEach(p -> logs.addAll(files.list(p)));
                }
            }
        } else {
            logs.addAll(files.list(new SessionPaths(settings.fathomHome(), settings.workspace()).projectDir()));
        }
        if (logs.isEmpty()) {
            launch.err().println("No sessions" + (all ? "" : " in " + settings.workspace() + " (try --all)") + ".");
            return ExitCodes.OK;
        }
        List<StoredSession> sessions = new ArrayList<>();
        for (Path log : logs) {
            sessions.add(files.read(log));
        }
        sessions.sort((a, b) -> b.lastActivity().compareTo(a.lastActivity()));
        launch.out().printf("%-22s  %-16s  %10s  %9s  %s%n", "ID", "LAST ACTIVITY", "TOKENS", "COST USD", "DIRECTORY / FIRST PROMPT");
        for (StoredSession s : sessions) {
            String prompt = s.firstPrompt() == null ? "(no prompt)" : s.firstPrompt().replaceAll("\\s+", " ").strip();
            if (prompt.length() > 60) {
                prompt = prompt.substring(0, 60) + "…";
            }
            launch.out().printf("%-22s  %-16s  %10d  %9.4f  %s%n%58s%s%n", s.id(), TIME.format(s.lastActivity()),
                    s.promptTokens() + s.completionTokens(), s.costUsd(), s.workspace(), "", prompt);
        }
        return ExitCodes.OK;
    }
}
