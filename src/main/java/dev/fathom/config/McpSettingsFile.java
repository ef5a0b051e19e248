package dev.fathom.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adds, removes and finds one entry of {@code mcpServers} in a settings file, for {@code fathom mcp add|remove|get}.
 * The file is read as a tree and only {@code mcpServers.NAME} changes, so every other setting and the order of keys
 * stay as they were. Nothing is written unless the result would load: a refusal leaves the file byte-identical.
 */
public final class McpSettingsFile {
    /** The rule {@link ExtensionSettings#mcpServers} applies to server names. */
    private static final String NAME_RULE = "[A-Za-z0-9_-]{1,30}";

    /** One server definition found in a settings file. */
    public record Definition(Path file, boolean project, JsonNode server) {
    }

    private final Path file;
    private final boolean userFile;
    private final ObjectMapper json;

    private McpSettingsFile(Path file, boolean userFile, ObjectMapper json) {
        this.file = file;
        this.userFile = userFile;
        this.json = json;
    }

    /** The user's settings file, {@code $FATHOM_HOME/settings.json}, written with mode 0600. */
    public static McpSettingsFile user(Path fathomHome, ObjectMapper json) {
        return new McpSettingsFile(fathomHome.resolve("settings.json"), true, json);
    }

    /** The workspace's {@code .fathom/settings.json}. */
    public static McpSettingsFile project(Path workspace, ObjectMapper json) {
        return new McpSettingsFile(workspace.resolve(".fathom").resolve("settings.json"), false, json);
    }

    public Path file() {
        return file;
    }

    /** Throws a {@link ConfigException} unless {@code name} may name a server. */
    public static void checkName(String name) {
        if (!name.matches(NAME_RULE)) {
            throw new ConfigException("'" + ProjectTrust.printable(name) + "' is not a server name: use letters, digits, _ and - (at most 30).");
        }
    }

    /** Sets {@code mcpServers.NAME} to {@code server}; refuses an existing name unless {@code force}. */
    public void add(String name, ObjectNode server, boolean force) {
        checkName(name);
        ObjectNode root = read();
        JsonNode servers = root.get("mcpServers");
        if (servers != null && !servers.isObject()) {
            throw new ConfigException(file + ": 'mcpServers' is not an object; fix it by hand first.");
        }
        ObjectNode map = servers == null ? root.putObject("mcpServers") : (ObjectNode) servers;
        if (map.has(name) && !force) {
            throw new ConfigException("MCP server '" + name + "' is already defined in " + file + "; pass --force to replace it.");
        }
        map.set(name, server); // keeps its place when replacing
        write(root);
    }

    /** Removes {@code mcpServers.NAME}; refuses a name the file does not define. */
    public void remove(String name) {
        checkName(name);
        ObjectNode root = read();
        if (!(root.get("mcpServers") instanceof ObjectNode map) || !map.has(name)) {
            throw new ConfigException("no MCP server '" + name + "' in " + file + ".");
        }
        map.remove(name);
        write(root);
    }

    /** Every definition of {@code name}: the user file, then the project files weakest first (the last one wins). */
    public static List<Definition> find(Path fathomHome, Path workspace, String name, ObjectMapper json) {
        checkName(name);
        List<Path> files = new ArrayList<>();
        files.add(fathomHome.resolve("settings.json"));
        files.addAll(ExtensionSettings.projectFiles(workspace));
        List<Definition> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            if (!Files.isRegularFile(f) || i > 0 && f.toAbsolutePath().normalize().equals(files.get(0).toAbsolutePath().normalize())) {
                continue;
            }
            JsonNode server = new McpSettingsFile(f, i == 0, json).read().path("mcpServers").path(name);
            if (server.isObject()) {
                out.add(new Definition(f, i > 0, server));
            }
        }
        return out;
    }

    /** The file as a tree; an empty object when it does not exist yet. */
    private ObjectNode read() {
        if (Files.isSymbolicLink(file)) {
            throw new ConfigException(file + " is a symbolic link; Fathom does not write through links, so edit it by hand.");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return json.createObjectNode();
        }
        JsonNode root;
        try {
            root = json.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "") + "; nothing was changed.");
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + " must contain a JSON object; nothing was changed.");
        }
        return (ObjectNode) root;
    }

    /** Checks the whole result as the loader would, then writes it beside the file and moves it over. */
    private void write(ObjectNode root) {
        SettingsKeys.check(file, root);
        if (root.get("mcpServers") != null) {
            ExtensionSettings.mcpServers(root.get("mcpServers"), file);
        }
        Path dir = file.getParent();
        try {
            if (Files.isSymbolicLink(dir)) {
                throw new ConfigException(dir + " is a symbolic link; Fathom does not write through links.");
            }
            if (!Files.isDirectory(dir)) {
                if (userFile) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Set<PosixFilePermission> mode = userFile || !Files.exists(file) ? PosixFilePermissions.fromString(userFile ? "rw-------" : "rw-r--r--")
                    : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            byte[] bytes = (json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
            Path temp = Files.createTempFile(dir, ".settings", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(bytes));
                    channel.force(true);
                }
                Files.setPosixFilePermissions(temp, mode);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot write " + file + ": " + e.getMessage());
        }
    }
}
