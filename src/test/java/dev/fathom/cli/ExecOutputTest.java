package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** exec's final answer: -o FILE and --output-schema. */
class ExecOutputTest extends EndToEndSupport {
    private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"count\"], \"additionalProperties\": false,"
            + " \"properties\": {\"count\": {\"type\": \"integer\"}, \"files\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
            + " \"level\": {\"enum\": [\"low\", \"high\"]}}}";

    @Test
    void dashOWritesTheAnswerInOneStepAndReplacesASymlinkWithoutFollowingIt() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep me\n");
        Path answer = repo.resolve("answer.txt");
        Files.createSymbolicLink(answer, outside);
        server.enqueue(Reply.text("The answer."));
        CliRun.Result r = cli.run("exec", "-o", "answer.txt", "say it");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("The answer.\n");
        assertThat(Files.isSymbolicLink(answer)).isFalse();
        assertThat(Files.readString(answer)).isEqualTo("The answer.\n");
        assertThat(Files.readString(outside)).isEqualTo("keep me\n");
        try (var files = Files.list(repo)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void dashOIsNotWrittenWhenTheRunFailsAndAMissingFolderIsAUsageError() throws Exception {
        server.enqueue(Reply.toolCall("glob", "{\"pattern\": \"*\"}"));
        CliRun.Result limited = cli.run("exec", "--max-turns", "1", "-o", "answer.txt", "say it");
        assertThat(limited.exitCode()).isEqualTo(ExitCodes.LIMIT);
        assertThat(repo.resolve("answer.txt")).doesNotExist();
        CliRun.Result noFolder = cli.run("exec", "-o", "no/such/answer.txt", "say it");
        assertThat(noFolder.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFolder.err()).contains("-o no/such/answer.txt: no such folder.");
    }

    @Test
    void anAnswerMatchingTheSchemaIsPrintedAsJson() throws Exception {
        Files.writeString(tmp.resolve("schema.json"), SCHEMA);
        server.enqueue(Reply.text("```json\n{\"count\": 2, \"files\": [\"a\", \"b\"], \"level\": \"low\"}\n```"));
        CliRun.Result r = cli.run("exec", "--output-schema", tmp.resolve("schema.json").toString(), "-o", "out.json", "count them");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("{\"count\":2,\"files\":[\"a\",\"b\"],\"level\":\"low\"}\n");
        assertThat(Files.readString(repo.resolve("out.json"))).isEqualTo(r.out());
        String sent = server.requests().get(0).json().path("messages").get(1).path("content").asText();
        assertThat(sent).startsWith("count them").contains("validates against this JSON Schema", "\"required\": [\"count\"]");
    }

    @Test
    void aMismatchIsToldToTheModelOnceThenFailsWithItsOwnExitCode() throws Exception {
        Files.writeString(tmp.resolve("schema.json"), SCHEMA);
        server.enqueue(Reply.text("There are three.")).enqueue(Reply.text("{\"count\": \"3\"}"));
        CliRun.Result r = cli.run("exec", "--output-schema", tmp.resolve("schema.json").toString(), "count them");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.SCHEMA);
        assertThat(r.out()).as("a non-conforming answer is not printed as the answer").isEmpty();
        assertThat(r.err()).contains("the answer does not match --output-schema (the answer is not JSON",
                "fathom: the final answer does not match --output-schema: $.count: expected integer, got string");
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).body()).contains("does not validate against the JSON Schema: the answer is not JSON");

        server.enqueue(Reply.text("{\"count\": 1, \"extra\": true}")).enqueue(Reply.text("{\"count\": 1}"));
        CliRun.Result fixed = cli.run("exec", "--output", "json", "--output-schema", tmp.resolve("schema.json").toString(), "count them");
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(fixed.err()).contains("$: the property 'extra' is not allowed");
        assertThat(ExecEndToEndTest.JSON.readTree(fixed.out()).path("final").asText()).isEqualTo("{\"count\":1}");
    }

    @Test
    void aSchemaFathomCannotFullyCheckIsRefusedBeforeAnyRequest() throws Exception {
        Files.writeString(tmp.resolve("schema.json"), "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"pattern\": \"^x\"}}}");
        CliRun.Result r = cli.run("exec", "--output-schema", tmp.resolve("schema.json").toString(), "go");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'pattern' at $.a is not checked by fathom");
        Files.writeString(tmp.resolve("schema.json"), "{\"type\": ");
        assertThat(cli.run("exec", "--output-schema", tmp.resolve("schema.json").toString(), "go").err()).contains("is not valid JSON");
        assertThat(server.requests()).isEmpty();
    }
}
