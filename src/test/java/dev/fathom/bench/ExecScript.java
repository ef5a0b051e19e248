package dev.fathom.bench;

import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;

/** The scripted 4-request task the exec benchmarks play: list the files with bash, read a file, edit it, answer. */
final class ExecScript {
    private ExecScript() {
    }

    static void enqueue(FakeV4Server server) {
        server.enqueue(Reply.toolCall("bash", "{\"command\": \"ls\"}").reasoning("List the files first."))
                .enqueue(Reply.toolCall("read_file", "{\"file_path\":\"src/App.java\"}").reasoning("Read the app."))
                .enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"return \\\"Hello\\\";\","
                        + "\"new_string\":\"return \\\"Hello, Fathom\\\";\"}").reasoning("Edit it."))
                .enqueue(Reply.text("The greeting now says Hello, Fathom.").reasoning("Done."));
    }
}
