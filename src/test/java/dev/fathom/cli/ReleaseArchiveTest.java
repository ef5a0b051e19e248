package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it, unpacked into an empty folder and run with a PATH that holds no Java (every
 * tool of /usr/bin and /bin but those of a JDK) and a JAVA_HOME that points at another JDK: it must start on its
 * bundled runtime with its own class-data cache, run a scripted {@code exec} against the fake endpoint, and
 * {@code install.sh} must put it on the PATH. Runs in failsafe, after {@code package} has made the archive; without
 * the archive it is skipped, or fails when CI=true.
 */
class ReleaseArchiveTest {
    private static final long RUN_LIMIT_SECONDS = 240;
    private static final String VERSION = System.getProperty("fathom.version", "");

    @TempDir
    static Path tmp;
    static Path release;
    static Path tools;

    /** Exit code, stdout and stderr of a finished process. */
    record Result(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void unpack() throws Exception {
        Path target = Path.of(System.getProperty("fathom.target", "target"));
        List<Path> archives = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, "fathom-" + VERSION + "-*.tar.gz")) {
                found.forEach(archives::add);
            }
        }
        if (archives.size() != 1) {
            String why = "expected one release archive fathom-" + VERSION + "-*.tar.gz in " + target + ", found " + archives
                    + " (mvn package builds it; see the release-archive step in its log)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        Path empty = Files.createDirectories(tmp.resolve("unpacked"));
        Result tar = run(List.of("tar", "-xzf", archives.get(0).toString(), "-C", empty.toString()), empty, System.getenv());
        assertThat(tar.exitCode()).as(tar.err()).isZero();
        try (Stream<Path> top = Files.list(empty)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("fathom-" + VERSION);
        }
        release = empty.resolve("fathom-" + VERSION);
        tools = javaFreeTools(Files.createDirectories(tmp.resolve("tools")));
    }

    /** Removes the links to /usr/bin here: JUnit's clean-up would warn once per link. */
    @AfterAll
    static void removeTools() throws IOException {
        if (tools != null) {
            try (Stream<Path> links = Files.list(tools)) {
                for (Path link : (Iterable<Path>) links::iterator) {
                    Files.delete(link);
                }
            }
        }
    }

    @Test
    void holdsTheLauncherJarRuntimeCacheAndInstaller() throws IOException {
        assertThat(release.resolve("bin/fathom")).isExecutable();
        assertThat(release.resolve("install.sh")).isExecutable();
        assertThat(release.resolve("runtime/bin/java")).isExecutable();
        assertThat(release.resolve("lib/fathom.jar")).isRegularFile();
        assertThat(release.resolve("LICENSE")).isRegularFile();
        assertThat(cache()).as("the class-data cache from the build's training run").isNotNull();
        try (Stream<Path> jmods = Files.list(release.resolve("runtime"))) {
            assertThat(jmods.map(p -> p.getFileName().toString())).doesNotContain("jmods", "include", "man");
        }
    }

    /**
     * The trimmed runtime holds every module Fathom's own classes use (jdeps is the oracle). A missing java.net.http
     * once made `fathom doctor` and `fix --pr-comment` end in ClassNotFoundException from the archive only.
     */
    @Test
    void theRuntimeHoldsEveryModuleFathomsClassesUse() throws Exception {
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        Process p = new ProcessBuilder(jdeps.toString(), "--print-module-deps", "--ignore-missing-deps", "target/classes")
                .redirectErrorStream(true).start();
        String used = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(used).isZero();
        String line = Files.readAllLines(release.resolve("runtime/release")).stream().filter(l -> l.startsWith("MODULES="))
                .findFirst().orElseThrow();
        List<String> present = List.of(line.substring("MODULES=".length()).replace("\"", "").split(" "));
        assertThat(present).as("modules of the bundled runtime").containsAll(List.of(used.split(",")));
    }

    @Test
    void startsOnTheBundledRuntimeWithItsCacheWhenNoJavaIsOnPath() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home-version"));
        Map<String, String> env = env(home);
        Result noJava = run(List.of("sh", "-c", "command -v java"), home, env);
        assertThat(noJava.exitCode()).as("java on the test's PATH: %s", noJava.out()).isNotZero();

        // The JVM refuses to start if it cannot map the cache: proof that the cache fits this runtime and this jar.
        String strict = cache().getFileName().toString().endsWith(".aot") ? "-XX:AOTMode=on" : "-Xshare:on";
        Map<String, String> strictEnv = new HashMap<>(env);
        strictEnv.put("FATHOM_JVM_OPTS", strict);
        Result version = run(List.of(release.resolve("bin/fathom").toString(), "--version"), home, strictEnv);
        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("fathom " + VERSION + "\n");

        Result doctor = run(List.of(release.resolve("bin/fathom").toString(), "doctor"), home, env);
        assertThat(doctor.out().lines().findFirst().orElse(""))
                .as(doctor.out() + doctor.err())
                .startsWith("ok   fathom " + VERSION + " on Java ")
                .endsWith("(" + release.resolve("runtime").toRealPath() + ")");
    }

    @Test
    void runsAScriptedExecAgainstTheFakeEndpoint() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home-exec"));
        Path repo = DemoRepo.create(tmp.resolve("repo"));
        try (FakeV4Server server = FakeV4Server.start()) {
            server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"src/App.java\"}").reasoning("Read the app."))
                    .enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"return \\\"Hello\\\";\","
                            + "\"new_string\":\"return \\\"Hello, Fathom\\\";\"}"))
                    .enqueue(Reply.text("The greeting now says Hello, Fathom."));
            Map<String, String> env = env(home);
            env.put("DEEPSEEK_API_KEY", server.apiKey());
            env.put("DEEPSEEK_BASE_URL", server.baseUrl());
            Files.createDirectories(home.resolve(".fathom"));
            Files.writeString(home.resolve(".fathom/settings.json"), "{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30}");

            Result r = run(List.of(release.resolve("bin/fathom").toString(), "exec", "Change the greeting"), repo, env);

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("The greeting now says Hello, Fathom.\n");
            assertThat(Files.readString(repo.resolve("src/App.java"))).contains("return \"Hello, Fathom\";");
            assertThat(server.requests()).hasSize(3);
            assertThat(server.badRequests()).isZero();
        }
    }

    @Test
    void installPutsFathomOnThePathOnceAndAgain() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home-install"));
        Map<String, String> env = env(home);
        env.put("SHELL", "/bin/bash");
        Path bin = home.resolve(".local/bin");
        for (int i = 0; i < 2; i++) {
            Result install = run(List.of(release.resolve("install.sh").toString()), home, env);
            assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
            assertThat(install.out()).contains("Installed fathom " + VERSION).contains("export PATH=\"" + bin + ":$PATH\"");
        }
        Path installed = home.resolve(".local/share/fathom/fathom-" + VERSION);
        assertThat(bin.resolve("fathom")).isSymbolicLink();
        assertThat(bin.resolve("fathom").toRealPath()).isEqualTo(installed.resolve("bin/fathom").toRealPath());
        String bashrc = Files.readString(home.resolve(".bashrc"));
        assertThat(bashrc.lines().filter(l -> l.contains("install.sh"))).as(bashrc).hasSize(1);

        Map<String, String> onPath = new HashMap<>(env);
        onPath.put("PATH", bin + File.pathSeparator + tools);
        onPath.put("FATHOM_JVM_OPTS", cache().getFileName().toString().endsWith(".aot") ? "-XX:AOTMode=on" : "-Xshare:on");
        Result version = run(List.of("sh", "-c", "cd / && fathom --version"), home, onPath);
        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("fathom " + VERSION + "\n");
    }

    private static Path cache() throws IOException {
        try (Stream<Path> lib = Files.list(release.resolve("lib"))) {
            return lib.filter(p -> p.getFileName().toString().matches("fathom-.*\\.(aot|jsa)")).findFirst().orElse(null);
        }
    }

    /** A clean environment: a private home, PATH holding only the Java-free tools, and a JAVA_HOME to ignore. */
    private static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("FATHOM_HOME", home.resolve(".fathom").toString());
        env.put("PATH", tools.toString());
        env.put("LANG", "C.UTF-8");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** Links every program of /usr/bin and /bin into dir, except those that resolve into a JDK. */
    private static Path javaFreeTools(Path dir) throws IOException {
        for (String folder : List.of("/usr/bin", "/bin")) {
            try (DirectoryStream<Path> programs = Files.newDirectoryStream(Path.of(folder))) {
                for (Path program : programs) {
                    Path link = dir.resolve(program.getFileName().toString());
                    if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(program)) {
                        continue;
                    }
                    Path real = program.toRealPath();
                    if (real.toString().contains("/jvm/") || Files.isRegularFile(real.getParent().getParent().resolve("release"))) {
                        continue;
                    }
                    Files.createSymbolicLink(link, program);
                }
            }
        }
        return dir;
    }

    private static Result run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", command) + " still running after " + RUN_LIMIT_SECONDS + " s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
