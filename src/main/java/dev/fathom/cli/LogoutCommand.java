package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.Settings;
import dev.fathom.config.StoredKey;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code fathom logout}: removes the key {@code fathom login} stored. */
@Command(name = "logout", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Remove the API key stored by fathom login.")
public final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws IOException {
        Settings settings = root.settings(global, new ObjectMapper());
        if (settings == null) {
            return ExitCodes.USAGE;
        }
        boolean removed = StoredKey.delete(settings.fathomHome());
        root.launch.err().println(removed ? "fathom: the stored key " + StoredKey.file(settings.fathomHome()) + " is removed."
                : "fathom: no key was stored.");
        return ExitCodes.OK;
    }
}
