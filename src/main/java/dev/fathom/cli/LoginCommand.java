package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.Settings;
import dev.fathom.config.StoredKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code fathom login}: keeps the API key in FATHOM_HOME, so it need not live in the shell's environment. */
@Command(name = "login", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Store the API key in $FATHOM_HOME/api-key (mode 0600). Asked for without echo on a terminal,"
            + " read from stdin when piped: fathom login < keyfile.", "DEEPSEEK_API_KEY, when set, still wins."})
public final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws IOException {
        Launch launch = root.launch;
        Settings settings = root.settings(global, new ObjectMapper());
        if (settings == null) {
            return ExitCodes.USAGE;
        }
        String key = readKey(launch);
        String problem = StoredKey.problem(key);
        if (problem != null) {
            launch.err().println("fathom: nothing stored: " + problem + ".");
            return ExitCodes.USAGE;
        }
        Path file = StoredKey.write(settings.fathomHome(), key);
        launch.err().println("fathom: the key is stored in " + file + " (readable by you only).");
        String env = launch.env().get("DEEPSEEK_API_KEY");
        if (env != null && !env.isBlank()) {
            launch.err().println("fathom: DEEPSEEK_API_KEY is set in this shell and wins over the stored key; unset it to use the stored one.");
        }
        return ExitCodes.OK;
    }

    private static String readKey(Launch launch) throws IOException {
        if (launch.inIsTerminal() && System.console() != null) {
            char[] typed = System.console().readPassword("DeepSeek API key (https://platform.deepseek.com/api_keys): ");
            return typed == null ? null : new String(typed);
        }
        String line = new BufferedReader(new InputStreamReader(launch.in(), StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.strip();
    }
}
