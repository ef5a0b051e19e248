package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs in one repository take checkpoints at the same moment: each gets its own number, none is lost. */
class ConcurrentCheckpointsTest {
    private static final int EACH = 15;

    @TempDir
    Path tmp;

    @Test
    void twoRunsTakingCheckpointsTogetherLoseNone() throws Exception {
        Path repo = RepoStates.plain(tmp);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Integer>>> runs = new ArrayList<>();
            for (String run : List.of("run A", "run B")) {
                // each run finds the repository itself, as two Fathom processes would
                Checkpoints own = Checkpoints.forWorkspace(repo, Map.of());
                runs.add(pool.submit(() -> {
                    start.await();
                    List<Integer> taken = new ArrayList<>();
                    for (int i = 0; i < EACH; i++) {
                        taken.add(own.take(run + ", turn " + i)); // throws on a lost race (LOCK_FAILURE) it cannot recover
                    }
                    return taken;
                }));
            }
            start.countDown();
            Set<Integer> all = new TreeSet<>();
            for (Future<List<Integer>> f : runs) {
                all.addAll(f.get());
            }
            assertThat(all).as("every checkpoint got its own number").hasSize(2 * EACH);
        } finally {
            pool.shutdownNow();
        }
        String refs = CliRun.gitOutput(repo, "for-each-ref", "--format=%(refname) %(subject)", "refs/fathom/checkpoints/");
        assertThat(refs.lines()).as(refs).hasSize(2 * EACH);
        Set<String> subjects = new TreeSet<>(refs.lines().map(l -> l.substring(l.indexOf(": ") + 2)).toList());
        for (int i = 0; i < EACH; i++) {
            assertThat(subjects).contains("run A, turn " + i, "run B, turn " + i);
        }
        assertThat(Files.exists(repo.resolve(".git/refs/fathom/checkpoints.lock"))).isFalse();
    }
}
