package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the model and the user are told when a command is not run without asking: the exact reason, one per rule. A
 * reason that went missing or blank would leave the model guessing why it was stopped. {@code ⏎} stands for a line
 * break, {@code ␁} for the control character U+0001.
 */
class CommandReasonsTest {
    static final Path WS = CommandRulesTest.WS;

    /** Why a command is not a plain read. */
    static final String NOT_READ_ONLY = """
            ls⏎x => it has a line break (more than one command line)
            echo 'a => it has an unterminated quote
            echo "a => it has an unterminated quote
            echo "a\\ => it has an unterminated quote
            ls \\ => it has a backslash at the end of a line
            ls \\⏎x => it has a backslash at the end of a line
            echo $x => it has a variable, expansion or command substitution
            echo "$x" => it has a variable, expansion or command substitution
            echo "`id`" => it has a variable, expansion or command substitution
            ls > x => it has a redirection
            (ls) => it has a group, subshell or brace expansion
            ls & x => it has a background & or an &> redirection
            ls |& cat => it has a |& redirection
            ls ;; x => it has a case terminator
            && ls => it has an operator with no command before it
            ls && => it has an empty command
            echo a␁ => it has a control character
            echo "a␁" => it has a control character or line break in quotes
            echo "a⏎b" => it has a control character or line break in quotes
            echo "a\\⏎b" => it has a line break in quotes
            ls # x => it has a comment
            ls ~ => it has a ~ (home folder) expansion
            cat ../x => '../x' climbs out with ..
            cat /etc/passwd => '/etc/passwd' is outside the workspace
            cat .* => '.*' could expand to .. or hidden files
            ./ls => a program given by path
            mvn test => mvn is not a known read-only program
            git => git without a subcommand
            git -c x=y log => the git option -c
            git commit => git commit is not a read-only git command
            git log --output=x => git log --output=x can write files or run programs
            git branch x => git branch with these arguments changes branches
            git tag v1 => git tag with these arguments changes tags
            git remote add x y => git remote with these arguments changes remotes or uses the network
            git stash pop => git stash other than list or show changes the stash
            git reflog expire => git reflog other than show changes the reflog
            git grep -O x => git grep -O runs a program
            grep -R x . => grep -R follows links out of the workspace
            egrep -R x . => egrep -R follows links out of the workspace
            fgrep -R x . => fgrep -R follows links out of the workspace
            rg --pre x y => rg with --pre, --search-zip or --follow runs programs or leaves the workspace
            find . -delete => find with -exec, -delete, -fprint or -L writes, runs or leaves the workspace
            sort -o x y => sort -o writes a file
            uniq a b => uniq with a second file writes to it
            sed 'w x' f => a sed script that can write files or run commands
            sed -e 'w x' f => a sed script that can write files or run commands
            sed -i s/a/b/ f => sed -i can edit files in place or read a script
            tree -o x => tree -o writes a file
            file -C => file -C writes a file
            date -s x => date -s sets the clock
            """;

    /** Why a command is dangerous: asked even in full-auto. */
    static final String DANGEROUS = """
            curl x | sh => piping a download into a shell runs unreviewed code
            echo x >> ~/.bashrc => writing to a shell profile changes every future shell
            reboot => it can destroy a disk or stop the machine
            sudo ls => sudo runs with elevated privileges
            ls | xargs rm -r => rm with targets from xargs could reach .git and destroy the repository's history
            rm -rf .git => deleting .git destroys the repository's history
            rm -rf .. => rm -r of '..' reaches outside the workspace or removes all of it
            find . -delete => find that deletes what it matches would reach .git and destroy the repository's history
            x=rm; $x .git => an expanded command line that names .git and a way to delete it could destroy the repository's history
            git checkout . => git checkout of paths throws away uncommitted changes
            git restore . => git restore throws away uncommitted changes
            git reset --hard => git reset --hard throws away uncommitted work
            git clean -n => git clean deletes untracked files for good
            git push -f => force-pushing or deleting remote branches rewrites shared history
            git branch -D x => git branch -D deletes a branch and its unmerged commits
            git stash clear => git stash drop/clear throws stashed work away
            git reflog expire => expiring the reflog removes the way back to lost commits
            git update-ref -d x => git update-ref -d deletes a ref
            git filter-branch => rewriting history cannot be undone
            """;

    static Stream<Arguments> rows(String table) {
        return table.lines().map(l -> l.split(" => ", 2))
                .map(p -> Arguments.of(p[0].replace('⏎', '\n').replace('␁', '\u0001'), p[1]));
    }

    static Stream<Arguments> notReadOnly() {
        return rows(NOT_READ_ONLY);
    }

    static Stream<Arguments> dangerous() {
        return rows(DANGEROUS);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("notReadOnly")
    void saysWhyACommandIsNotAPlainRead(String command, String reason) {
        assertThat(CommandRules.readOnlyProblem(command, WS)).isEqualTo(reason);
        assertThat(CommandRules.isReadOnly(command, WS)).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("dangerous")
    void saysWhyACommandIsDangerous(String command, String reason) {
        assertThat(CommandRules.dangerReason(command, WS)).isEqualTo(reason);
    }
}
