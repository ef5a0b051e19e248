package dev.fathom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data cache is named by the jar's content and the JDK's exact version (DESIGN: JDK 25 silently
 * uses a stale cache after a rebuild), so a jar with new content under the same size and modification time, or a
 * JDK update of the same feature version, never meets an old cache, and a copy of the same jar (the release
 * archive unpacked elsewhere) still finds the one made at build time. The real launcher script runs against a
 * fake JDK (only its release file is read) with FATHOM_PRINT_CACHE, which prints the path and starts no JVM.
 */
class LauncherCacheNameTest {
    @TempDir
    Path tmp;
    Path install;
    Path jar;

    @BeforeEach
    void setUp() throws IOException {
        install = Files.createDirectories(tmp.resolve("install"));
        Path launcher = install.resolve("fathom");
        Files.copy(Path.of("src/main/launcher/fathom"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = install.resolve("fathom.jar");
        Files.writeString(jar, "jar content A");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
    }

    private Path jdk(String name, String runtimeVersion) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name).resolve("bin"));
        Path java = home.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.getParent().resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"" + runtimeVersion
                + "\"\nJAVA_VERSION=\"" + runtimeVersion.replaceAll("\\+.*", "") + "\"\n");
        return java;
    }

    private String cacheName(Path launcherDir, Path java) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcherDir.resolve("fathom").toString(), "--version").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("FATHOM_JAVA", java.toString());
        env.put("FATHOM_PRINT_CACHE", "1");
        env.put("HOME", tmp.toString());
        env.put("FATHOM_HOME", tmp.resolve(".fathom").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return Path.of(out).getFileName().toString();
    }

    @Test
    void newContentUnderTheSameSizeAndTimeGetsANewCacheAndTheOldContentItsOwnAgain() throws Exception {
        Path java = jdk("jdk25", "25.0.3+9-LTS");
        String first = cacheName(install, java);
        assertThat(first).matches("fathom-[0-9a-f]{16}-jdk25\\.0\\.3\\+9-LTS\\.aot");
        assertThat(cacheName(install, java)).as("stable while nothing changes").isEqualTo(first);

        FileTime mtime = Files.getLastModifiedTime(jar);
        Files.writeString(jar, "jar content B");
        Files.setLastModifiedTime(jar, mtime);
        String rebuilt = cacheName(install, java);
        assertThat(rebuilt).as("same size and mtime, other content").isNotEqualTo(first);

        Files.writeString(jar, "jar content A");
        Files.setLastModifiedTime(jar, mtime);
        assertThat(cacheName(install, java)).isEqualTo(first);
    }

    @Test
    void aJdkUpdateOfTheSameFeatureGetsItsOwnCache() throws Exception {
        String old = cacheName(install, jdk("jdk-old", "25.0.1+8-LTS"));
        String updated = cacheName(install, jdk("jdk-new", "25.0.3+9-LTS"));
        assertThat(old).endsWith("-jdk25.0.1+8-LTS.aot");
        assertThat(updated).endsWith("-jdk25.0.3+9-LTS.aot");
        assertThat(old.substring(0, 23)).as("the jar's part is the same").isEqualTo(updated.substring(0, 23));
        assertThat(cacheName(install, jdk("jdk17", "17.0.12+7"))).endsWith("-jdk17.0.12+7.jsa");
    }

    @Test
    void aCopyOfTheSameJarElsewhereFindsTheSameCacheName() throws Exception {
        Path java = jdk("jdk25", "25.0.3+9-LTS");
        String here = cacheName(install, java);
        Path copy = Files.createDirectories(tmp.resolve("unpacked"));
        Files.copy(install.resolve("fathom"), copy.resolve("fathom"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(jar, copy.resolve("fathom.jar")); // a new inode and times: the launcher hashes it again
        assertThat(cacheName(copy, java)).isEqualTo(here);
    }
}
