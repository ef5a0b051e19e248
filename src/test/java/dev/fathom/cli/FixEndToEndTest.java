package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeEndpointSupport;
import dev.fathom.testing.Reply;
import dev.fathom.testing.TreeHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** fathom fix end to end: temporary repositories, the fake endpoint, real check commands. */
class FixEndToEndTest extends FakeEndpointSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A repository whose check ({@code grep -qx good status.txt}) passes once status.txt says "good". */
    Path statusRepo(String name) throws IOException {
        return FixRepos.statusRepo(tmp, name, "out/\n");
    }

    static String git(Path dir, String... args) {
        return CliRun.gitOutput(dir, args);
    }

    @Test
    void fixesAFailingJUnitTestInAMavenProject() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("calc"));
        Files.writeString(repo.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId><artifactId>calc</artifactId><version>1</version>
                  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                  <dependencies><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>6.1.3</version><scope>test</scope></dependency></dependencies>
                  <build><plugins>
                    <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.16.0</version></plugin>
                    <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.6.1</version></plugin>
                  </plugins></build>
                </project>
                """);
        Files.createDirectories(repo.resolve("src/main/java/demo"));
        Files.createDirectories(repo.resolve("src/test/java/demo"));
        Files.writeString(repo.resolve("src/main/java/demo/Calc.java"),
                "package demo;\n\npublic class Calc {\n    public static int add(int a, int b) {\n        return a - b;\n    }\n}\n");
        Files.writeString(repo.resolve("src/test/java/demo/CalcTest.java"), "package demo;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\n"
                + "import org.junit.jupiter.api.Test;\n\nclass CalcTest {\n    @Test\n    void adds() {\n        assertEquals(5, Calc.add(2, 3));\n    }\n}\n");
        Files.writeString(repo.resolve(".gitignore"), "target/\nout/\n");
        CliRun.git(repo, "init", "-q", "-b", "main");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "calc");

        server.enqueue(request -> {
            String task = request.path("messages").get(1).path("content").asText();
            assertThat(task).contains("mvn -o -B test").contains("CalcTest").contains("expected: <5> but was: <-1>");
            return Reply.toolCall("read_file", "{\"file_path\":\"src/main/java/demo/Calc.java\"}").reasoning("Look at add.");
        }).enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/main/java/demo/Calc.java\",\"old_string\":\"return a - b;\",\"new_string\":\"return a + b;\"}"))
                .enqueue(Reply.text("Calc.add subtracted instead of adding. Changed `a - b` to `a + b`."));

        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", "mvn -o -B test", "--branch", "fathom/fix-calc",
                "--commit", "--report", "out/report.json", "--summary", "out/summary.md", "--patch", "out/fix.patch");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("fixed in 1 attempt on branch fathom/fix-calc, commit ");
        assertThat(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("fathom/fix-calc");
        assertThat(git(repo, "rev-list", "--count", "main..fathom/fix-calc")).isEqualTo("1");
        assertThat(git(repo, "log", "-1", "--format=%s")).isEqualTo("fix: Calc.add subtracted instead of adding");
        assertThat(git(repo, "show", "--stat", "--format=", "HEAD")).contains("src/main/java/demo/Calc.java").doesNotContain("out/");
        assertThat(git(repo, "status", "--porcelain")).as("only the report files are left, and they are ignored").isEmpty();
        JsonNode report = JSON.readTree(repo.resolve("out/report.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("fixed");
        assertThat(report.path("attempts").asInt()).isEqualTo(1);
        assertThat(report.path("check").path("exit_before").asInt()).isNotZero();
        assertThat(report.path("check").path("exit_after").asInt()).isZero();
        assertThat(report.path("files_changed")).extracting(JsonNode::asText).containsExactly("src/main/java/demo/Calc.java");
        assertThat(report.path("turns").asInt()).isEqualTo(3);
        assertThat(report.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(report.path("cache_hit_ratio").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.path("failure_output").path("sent_chars").asLong()).isLessThan(report.path("failure_output").path("raw_bytes").asLong());
        assertThat(Files.readString(repo.resolve("out/summary.md"))).contains("Fathom fixed the failing check").contains("`mvn -o -B test`")
                .contains("src/main/java/demo/Calc.java");
        assertThat(Files.readString(repo.resolve("out/fix.patch"))).contains("-        return a - b;").contains("+        return a + b;");
        System.out.printf("maven fix scenario: raw failure output %d bytes, sent %d chars; cost %.6f USD%n",
                report.path("failure_output").path("raw_bytes").asLong(), report.path("failure_output").path("sent_chars").asLong(),
                report.path("cost_usd").asDouble());
    }

    @Test
    void aModelThatOnlyClaimsSuccessIsCheckedAndTheTreeRestored() throws Exception {
        Path repo = statusRepo("claims");
        String before = TreeHash.of(repo);
        for (int i = 0; i < 3; i++) {
            int attempt = i + 1;
            server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"notes" + attempt + ".txt\",\"content\":\"tried\\n\"}"))
                    .enqueue(request -> {
                        if (attempt > 1) {
                            assertThat(request.toString()).contains("still fails (attempt " + attempt + " of 3)");
                        }
                        return Reply.text("All fixed!");
                    });
        }
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/try",
                "--report", "out/report.json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("not fixed after 3 attempts\n");
        JsonNode report = JSON.readTree(repo.resolve("out/report.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("not_fixed");
        assertThat(report.path("attempts").asInt()).isEqualTo(3);
        Files.delete(repo.resolve("out/report.json"));
        Files.delete(repo.resolve("out"));
        assertThat(TreeHash.of(repo)).as("the tree is back as it was").isEqualTo(before);
        assertThat(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        assertThat(git(repo, "branch", "--list", "fathom/try")).isEmpty();
    }

    @Test
    void anExhaustedBudgetExitsWith4AndSaysWhich() throws Exception {
        Path repo = statusRepo("budget");
        for (int i = 0; i < 5; i++) {
            server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"status.txt\"}"));
        }
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", "grep -qx good status.txt", "--max-turns", "2",
                "--report", "report.json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        JsonNode report = JSON.readTree(repo.resolve("report.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("limit");
        assertThat(report.path("limit").asText()).isEqualTo("turns");
        assertThat(report.path("turns").asInt()).isEqualTo(2);
    }

    @Test
    void worksFromADetachedHeadInAShallowCloneAndPushes() throws Exception {
        Path origin = statusRepo("origin");
        Files.writeString(origin.resolve("more.txt"), "x\n");
        CliRun.git(origin, "add", ".");
        CliRun.git(origin, "commit", "-q", "-m", "second");
        Path bare = tmp.resolve("remote.git");
        CliRun.git(tmp, "clone", "-q", "--bare", origin.toString(), bare.toString());
        Path ci = tmp.resolve("ci");
        CliRun.git(tmp, "clone", "-q", "--depth", "1", "file://" + bare, ci.toString());
        CliRun.git(ci, "checkout", "-q", "--detach");
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"status.txt\",\"content\":\"good\\n\"}"))
                .enqueue(Reply.text("Set the status to good."));
        CliRun.Result r = new CliRun(home, ci).against(server).env("GITHUB_TOKEN", "ghs_secret_token_value")
                .run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/ci-fix", "--commit", "--push");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err() + r.out()).doesNotContain("ghs_secret_token_value");
        assertThat(git(ci, "log", "--format=%s", "-2")).startsWith("fix: set the status to good");
        assertThat(git(bare, "log", "--format=%s", "-1", "fathom/ci-fix")).startsWith("fix: set the status to good");
    }

    @Test
    void anAlreadyPassingCheckNeedsNoModel() throws Exception {
        Path repo = statusRepo("passing");
        Files.writeString(repo.resolve("status.txt"), "good\n");
        CliRun.git(repo, "commit", "-q", "-am", "ok");
        CliRun.Result r = new CliRun(home, repo).env("DEEPSEEK_API_KEY", null).run("fix", "--check", "grep -qx good status.txt",
                "--report", "out/r.json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("already passing\n");
        assertThat(JSON.readTree(repo.resolve("out/r.json").toFile()).path("status").asText()).isEqualTo("already_passing");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void refusesADirtyTreeAndBadOptions() throws Exception {
        Path repo = statusRepo("dirty");
        Files.writeString(repo.resolve("status.txt"), "local edit\n");
        CliRun cli = new CliRun(home, repo).against(server);
        assertThat(cli.run("fix", "--check", "true").err()).contains("uncommitted changes");
        assertThat(cli.run("fix", "--check", "true", "--push").err()).contains("--push needs --branch");
        assertThat(cli.run("fix").exitCode()).isEqualTo(2);
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThat(new CliRun(home, plain).against(server).run("fix", "--check", "true").err()).contains("fix needs a git repository");
        assertThat(server.requests()).isEmpty();
    }

    /** A repository with a tracked library file and the user's untracked files (notes, a local .env) next to it. */
    Path busyRepo(String name) throws IOException {
        Path repo = statusRepo(name);
        Files.writeString(repo.resolve("lib.txt"), "library v1\n");
        CliRun.git(repo, "add", "lib.txt");
        CliRun.git(repo, "commit", "-q", "-m", "lib");
        Files.writeString(repo.resolve("notes.md"), "my own notes\n");
        Files.writeString(repo.resolve(".env"), "LOCAL=1\n");
        return repo;
    }

    @Test
    void anUnsuccessfulRunPutsBackExactlyTheStart() throws Exception {
        Path repo = busyRepo("restore");
        String before = TreeHash.of(repo);
        String statusBefore = git(repo, "status", "--porcelain");
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"lib.txt\",\"content\":\"library v2\\n\"}")
                        .andToolCall("write_file", "{\"file_path\":\"status.txt\",\"content\":\"still bad\\n\"}")
                        .andToolCall("write_file", "{\"file_path\":\"src/new.txt\",\"content\":\"new\\n\"}"))
                .enqueue(Reply.toolCall("bash", "{\"command\":\"git add -A && rm lib.txt\"}"))
                .enqueue(Reply.text("Fixed, I think."));
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/x",
                "--max-attempts", "1", "--report", "../report.json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(JSON.readTree(tmp.resolve("report.json").toFile()).path("files_changed")).extracting(JsonNode::asText)
                .containsExactly("lib.txt", "src/new.txt", "status.txt");
        assertThat(TreeHash.of(repo)).as("modified files restored, created removed, the user's untracked files untouched").isEqualTo(before);
        assertThat(git(repo, "status", "--porcelain")).isEqualTo(statusBefore);
        assertThat(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        assertThat(git(repo, "branch", "--list", "fathom/x")).isEmpty();
        assertThat(git(repo, "for-each-ref", "refs/fathom/")).as("the run's checkpoints are gone").isEmpty();
    }

    @Test
    void aFixCommitsOnlyWhatTheRunChanged() throws Exception {
        Path repo = busyRepo("commit");
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"status.txt\",\"content\":\"good\\n\"}"))
                .enqueue(Reply.toolCall("bash", "{\"command\":\"git add -A\"}"))
                .enqueue(Reply.text("Set the status to good."));
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/y",
                "--commit");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(git(repo, "show", "--name-only", "--format=", "HEAD")).isEqualTo("status.txt");
        assertThat(git(repo, "status", "--porcelain")).isEqualTo("?? .env\n?? notes.md");
        assertThat(Files.readString(repo.resolve("notes.md"))).isEqualTo("my own notes\n");
        assertThat(git(repo, "for-each-ref", "refs/fathom/")).as("the run's checkpoints are gone").isEmpty();
    }

    @Test
    void aCheckThatPassesWhenRunAgainIsFlakyAndTheModelIsNotAsked() throws Exception {
        Path repo = statusRepo("flaky");
        String check = "test -f ../flaky.mark || { touch ../flaky.mark; exit 1; }";
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", check, "--commit", "--report", "../r.json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("flaky");
        assertThat(JSON.readTree(tmp.resolve("r.json").toFile()).path("status").asText()).isEqualTo("flaky");
        assertThat(server.requests()).isEmpty();
        assertThat(git(repo, "rev-list", "--count", "HEAD")).isEqualTo("1");
    }

    @Test
    void aPassWithoutAnyChangeIsNeverReportedFixed() throws Exception {
        Path repo = statusRepo("nochange");
        String check = "test -f ../nochange.mark || { touch ../nochange.mark; exit 1; }";
        server.enqueue(Reply.text("There is no defect; the check looks flaky. No change."));
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", check, "--rerun-failing", "0", "--branch", "fathom/z",
                "--commit", "--patch", "../fix.patch", "--report", "../r.json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(JSON.readTree(tmp.resolve("r.json").toFile()).path("status").asText()).isEqualTo("flaky");
        assertThat(git(repo, "rev-list", "--count", "HEAD")).as("no empty commit").isEqualTo("1");
        assertThat(git(repo, "branch", "--list", "fathom/z")).isEmpty();
        assertThat(Files.readString(tmp.resolve("fix.patch"))).isEmpty();
    }

    @Test
    void aFailedPushIsReportedWithEveryOutputWritten() throws Exception {
        Path repo = statusRepo("nopush");
        CliRun.git(repo, "remote", "add", "origin", tmp.resolve("no-such-remote.git").toString());
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"status.txt\",\"content\":\"good\\n\"}"))
                .enqueue(Reply.text("Set the status to good."));
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/p",
                "--commit", "--push", "--report", "../r.json", "--summary", "../s.md", "--patch", "../p.patch");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("needs a git repository");
        JsonNode report = JSON.readTree(tmp.resolve("r.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("push_failed");
        assertThat(report.path("branch").asText()).isEqualTo("fathom/p");
        assertThat(Files.readString(tmp.resolve("p.patch"))).contains("+good");
        assertThat(tmp.resolve("s.md")).exists();
        assertThat(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("fathom/p");
        assertThat(git(repo, "log", "-1", "--format=%s")).startsWith("fix: set the status to good");
    }
}
