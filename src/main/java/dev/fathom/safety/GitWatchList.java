package dev.fathom.safety;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * What {@link GitGuard} watches at one moment: the names git would run or read as settings ({@code files}, traced
 * name by name), the hooks folders (listed, so a new hook is seen) and the {@code .git} names that may appear if what
 * they lead to is inert ({@code appearing}, with {@link InertRepository#identity who} each leads to now). Worked out again each time the state is taken, so that a hooks path or
 * included file the user set since the sandbox started is watched too.
 */
record GitWatchList(List<Path> files, List<Path> hooks, Map<Path, Optional<InertRepository.Identity>> appearing) {
    /**
     * @param workspace the workspace as given
     * @param gitEntries the {@code .git} names found when the sandbox started (an enclosing repository's first)
     * @param globals the user's own git config files
     * @param mayAppear the workspace's own {@code .git} when the workspace lay in no repository then, else null: a
     *     command may make one, and one an earlier command made is watched like any other, with its submodules
     */
    static GitWatchList of(Path workspace, List<Path> gitEntries, List<Path> globals, Path mayAppear) {
        List<Path> files = new ArrayList<>();
        List<Path> hooks = new ArrayList<>();
        Map<Path, Optional<InertRepository.Identity>> appearing = new HashMap<>();
        Path own = workspace.resolve(".git");
        if (!gitEntries.isEmpty() && !gitEntries.contains(own)) {
            files.add(own); // a folder of a larger repository: a .git made here would take the user's git elsewhere
        }
        for (Path entry : gitEntries) {
            watch(entry, globals, files, hooks);
            // git status looks into a gitlink's folder that has a .git; an index JGit cannot read leaves .gitmodules
            Optional<Path> repo = InertRepository.folder(entry);
            List<Path> subs = repo.flatMap(r -> Submodules.of(r, entry.getParent())).orElseGet(() -> gitmodules(entry.getParent()));
            files.addAll(subs);
        }
        if (mayAppear != null) {
            files.add(mayAppear);
            appearing.put(mayAppear, InertRepository.identity(mayAppear));
            Optional<Path> made = InertRepository.folder(mayAppear);
            if (made.isPresent()) {
                watch(mayAppear, globals, files, hooks);
                for (Path kept : InertRepository.kept(made.get())) {
                    GitDirLinks.watched(kept, workspace, globals, files, hooks); // a module or linked worktree kept inside it
                }
                for (Path sub : Submodules.of(made.get(), workspace).orElse(List.of())) {
                    appearing.put(sub, InertRepository.identity(sub));
                    watch(sub, globals, files, hooks);
                }
            }
        }
        return new GitWatchList(List.copyOf(files), List.copyOf(hooks), Map.copyOf(appearing));
    }

    private static List<Path> gitmodules(Path workTree) {
        return GitDirLinks.submodules(workTree).stream().map(sub -> sub.resolve(".git")).toList();
    }

    /** Adds what git runs or reads through the {@code .git} name {@code entry} (a folder, link or gitdir file). */
    private static void watch(Path entry, List<Path> globals, List<Path> files, List<Path> hooks) {
        files.add(entry);
        // one a command makes later where a gitdir file points is watched from the start
        GitPointerFiles.repository(entry).ifPresent(repo -> GitDirLinks.watched(repo, entry.getParent(), globals, files, hooks));
    }
}
