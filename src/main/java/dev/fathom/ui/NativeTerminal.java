package dev.fathom.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jline.nativ.JLineNativeLoader;
import org.jline.nativ.OSInfo;

/**
 * JLine's native terminal library, kept in one place under FATHOM_HOME. Left to itself JLine copies the library into
 * the temporary folder on every start and deletes the copy in a shutdown hook, which never runs because Fathom halts
 * the JVM: every interactive start would leave a file behind. Copied once here, it is loaded from where it is.
 */
public final class NativeTerminal {
    private static final String PATH_PROPERTY = "library.jline.path";

    private NativeTerminal() {
    }

    /** Points JLine at {@code home}/native/jline-VERSION, copying the library there first if needed; quiet on failure. */
    public static void useLibraryUnder(Path home) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String name = System.mapLibraryName("jlinenative");
        String resource = "/org/jline/nativ/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
        try (InputStream in = JLineNativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return; // no library for this platform: JLine uses another provider
            }
            Path dir = home.resolve("native").resolve("jline-" + JLineNativeLoader.getVersion());
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, name, ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
        } catch (IOException | RuntimeException e) {
            // JLine copies it to the temporary folder itself
        }
    }
}
