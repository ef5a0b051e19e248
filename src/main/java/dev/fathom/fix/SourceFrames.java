package dev.fathom.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Recognises stack-frame lines of the ecosystems CI meets (Java, Python, Node, vitest, pytest, Rust, Go) and tells
 * the repository's own frames from the runtime's, the framework's and the dependencies'.
 */
final class SourceFrames {
    /** One frame; {@code companion} is -1 for the line before (Go's function line), +1 after (Python's source), 0 none. */
    record Frame(String file, int line, boolean project, int companion) {
        String location() {
            return file + ":" + line;
        }
    }

    private static final Pattern JAVA = Pattern.compile("^\\s*at (?:[\\w.$@-]+/)*([\\w$.]+)\\.[\\w$<>-]+\\(([\\w$]+\\.(?:java|kt|scala|groovy)):(\\d+)\\)");
    private static final Pattern PYTHON = Pattern.compile("^\\s*File \"([^\"]+)\", line (\\d+)");
    private static final Pattern PYTEST = Pattern.compile("^([^\\s:]+\\.py):(\\d+):(?: |$)");
    private static final Pattern NODE = Pattern.compile("^\\s*(?:at\\s+(?:.*?\\()?|[\\w$.<>\\[\\] ]*\\()(?:file://)?([^\\s()]+?):(\\d+):\\d+\\)?\\s*$");
    private static final Pattern VITEST = Pattern.compile("^\\s*❯\\s+(?:\\S+\\s+)?([^\\s:]+\\.\\w+):(\\d+)(?::\\d+)?\\s*$");
    private static final Pattern RUST = Pattern.compile("^\\s+at (\\S+\\.rs):(\\d+)(?::\\d+)?\\s*$");
    private static final Pattern GO = Pattern.compile("^\\s+(/\\S+\\.go):(\\d+)(?: \\+0x[0-9a-f]+)?\\s*$");
    private static final Pattern DEPENDENCY = Pattern.compile("(^|/)(node_modules|site-packages|dist-packages|\\.cargo/registry|vendor/bundle)/|^node:|^<|^internal/");

    private final Path workspace;
    private final String root;
    private final Map<String, Boolean> javaFiles = new HashMap<>();
    private List<Path> javaRoots;

    SourceFrames(Path workspace) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.root = this.workspace.toString().replace('\\', '/') + "/";
    }

    /** The frame on this line, or null when the line is not a stack frame. */
    Frame parse(String line) {
        Matcher m = JAVA.matcher(line);
        if (m.find()) {
            return new Frame(m.group(2), Integer.parseInt(m.group(3)), javaInRepository(m.group(1), m.group(2)), 0);
        }
        m = PYTHON.matcher(line);
        if (m.find()) {
            return frame(m.group(1), m.group(2), 1);
        }
        m = PYTEST.matcher(line);
        if (m.find()) {
            return frame(m.group(1), m.group(2), line.contains(": in ") ? 1 : 0);
        }
        m = RUST.matcher(line);
        if (m.find()) {
            return frame(m.group(1), m.group(2), -1);
        }
        for (Pattern p : new Pattern[] {VITEST, NODE}) {
            m = p.matcher(line);
            if (m.find()) {
                return frame(m.group(1), m.group(2), 0);
            }
        }
        m = GO.matcher(line);
        return m.find() ? frame(m.group(1), m.group(2), -1) : null;
    }

    private Frame frame(String file, String line, int companion) {
        String f = file.replace('\\', '/');
        boolean project;
        if (DEPENDENCY.matcher(f).find()) {
            project = false;
        } else if (f.startsWith("/")) {
            project = f.startsWith(root);
        } else {
            project = true; // relative paths are the project's: runtimes print their own as absolute or internal
        }
        String shown = f.startsWith(root) ? f.substring(root.length()) : f;
        return new Frame(shown.startsWith("./") ? shown.substring(2) : shown, Integer.parseInt(line), project, companion);
    }

    /** Whether a Java frame's class has a source file in the workspace, by its package path and file name. */
    private boolean javaInRepository(String qualifiedOwner, String fileName) {
        int dot = qualifiedOwner.lastIndexOf('.');
        String pkgPath = dot < 0 ? "" : qualifiedOwner.substring(0, dot).replace('.', '/');
        String key = pkgPath + "/" + fileName;
        return javaFiles.computeIfAbsent(key, k -> roots().stream().anyMatch(r -> Files.exists(r.resolve(k))));
    }

    /** Source roots of the workspace and of its first-level modules (a multi-module build). */
    private List<Path> roots() {
        if (javaRoots == null) {
            javaRoots = new ArrayList<>();
            List<Path> modules = new ArrayList<>(List.of(workspace));
            try (Stream<Path> dirs = Files.list(workspace)) {
                dirs.filter(Files::isDirectory).forEach(modules::add);
            } catch (IOException e) {
                // an unreadable workspace: only its top level is searched
            }
            for (Path m : modules) {
                for (String r : new String[] {"src/main/java", "src/test/java", "src/main/kotlin", "src/test/kotlin", "src", ""}) {
                    javaRoots.add(r.isEmpty() ? m : m.resolve(r));
                }
            }
        }
        return javaRoots;
    }
}
