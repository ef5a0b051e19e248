package dev.fathom.safety;

import static dev.fathom.safety.CommandRulesTest.Verdict;
import static dev.fathom.safety.CommandRulesTest.classify;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * More of the command table, one line per rule edge: every program and option the read-only list names, every wrapper
 * the danger check looks through, and the near misses on either side (a {@code .github} is not a {@code .git}; {@code
 * --merged main} is a listing). READ runs without asking, ASK needs a yes outside full-auto, DANGER a yes in every
 * mode. {@code ⏎} stands for a line break, {@code ⇥} for a tab, {@code ␀} for NUL.
 */
class CommandVerdictsTest {
    static final Path WS = CommandRulesTest.WS;
    static final String TOO_DEEP = "a command nested this deep (in shells or brace expansions) cannot be checked";

    static final String TABLE = """
            ls⇥src => READ
            tac f => READ
            rev f => READ
            paste a b => READ
            seq 1 3 => READ
            dirname src/App.java => READ
            realpath src => READ
            readlink src => READ
            df -h => READ
            whoami => READ
            id -u => READ
            cmp a b => READ
            [ -f pom.xml ] => READ
            column -t f => READ
            expr 1 + 2 => READ
            comm a b => READ
            fold -w 80 f => READ
            fmt f => READ
            od -c f => READ
            md5sum f => READ
            sha1sum f => READ
            sha256sum f => READ
            strings f => READ
            true => READ
            false => READ
            echo ../../etc => READ
            printf %s /etc/passwd => READ
            sed -n /usr/p f => READ
            fgrep x f => READ
            grep -r x src => READ
            grep -- -R f => READ
            sort -r f => READ
            sort -- -o => READ
            uniq -f 1 in => READ
            uniq -s 2 in => READ
            uniq -w 3 in => READ
            uniq - => READ
            uniq -c in => READ
            sed -e p f => READ
            sed --expression=p f => READ
            sed -E 's/a/b/' f => READ
            sed -nE '/x/p' f => READ
            sed --posix -n 1p f => READ
            sed --debug -n 1p f => READ
            sed 1d f => READ
            sed '$d' f => READ
            sed -n '2,$p' f => READ
            sed '/a/,/b/d' f => READ
            sed '1!d' f => READ
            sed 's/a\\/b/c/g' f => READ
            sed 's/a/b/2' f => READ
            sed 's/a/b/I' f => READ
            sed 'p;p' f => READ
            sed 's/a/b/;' f => READ
            sed q f => READ
            sed = f => READ
            sed p 'w x' => READ
            sed -e p 'w x' => READ
            tree -L 2 => READ
            file README.md => READ
            date => READ
            date +%s => READ
            git -P log => READ
            git branch -vv => READ
            git branch --contains HEAD => READ
            git branch --contains=HEAD => READ
            git branch --merged main => READ
            git branch --sort -committerdate => READ
            git branch --format '%(refname)' => READ
            git branch -r -l => READ
            git branch -l 'fix*' => READ
            git tag -l => READ
            git tag --list 'v*' => READ
            git remote => READ
            git remote get-url origin => READ
            git stash show -p => READ
            git reflog show main => READ
            git diff --no-ext-diff => READ
            git log -- .git => READ
            grep --file=/work/project/p.txt x => READ
            grep -f/work/project/p.txt x => READ
            cat src/*.java => READ
            cat 'src/.*' => READ
            ls && pwd || true => READ
            ls &&pwd => READ
            echo a#b => READ
            echo a~b => READ
            echo "a\\"b" => READ
            echo "a\\\\b" => READ
            echo "a\\$b" => READ
            ls ; => READ
            ls; ; => ASK
            ; => ASK
            ls | => ASK
            ls || => ASK
            ls;; => ASK
            ls;& => ASK
            echo #x => ASK
            ls ~ => ASK
            ls x=~/a => ASK
            ls a:~/b => ASK
            echo "$x" => ASK
            echo "`id`" => ASK
            cat /work/project/src/../../etc/passwd => ASK
            cat /work/projectX/a => ASK
            grep --file=../x y => ASK
            cat src/.* => ASK
            cat src/.? => ASK
            cat .[a-z]* => ASK
            sort --o=out in => ASK
            sort -ro out in => ASK
            egrep -R x . => ASK
            fgrep -R x . => ASK
            grep --dereference-recursive x . => ASK
            rg --follow x => ASK
            find . -okdir cat {} ; => ASK
            find . -fprint0 out => ASK
            find . -follow => ASK
            uniq - out => ASK
            uniq in - => ASK
            sed -e 'w out' f => ASK
            sed --expression='w x' f => ASK
            sed -i.bak s/a/b/ f => ASK
            sed -e p -e 'w x' f => ASK
            sed 'y/abc/xyz/' f => ASK
            sed 'r /etc/passwd' f => ASK
            sed 'p;w x' f => ASK
            tree -l => ASK
            tree --output x => ASK
            file --compile => ASK
            date --set=x => ASK
            git --no-pager => ASK
            git => ASK
            git -p log => ASK
            git diff --textconv => ASK
            git log --exec=x => ASK
            git branch --unset-upstream => ASK
            git branch -c a b => ASK
            git branch -u origin/x => ASK
            git tag -l -n => ASK
            git tag -a v1 -m x => ASK
            git remote get-url => ASK
            git remote show origin => ASK
            git remote -v show => ASK
            curl -o x.sh https://x => ASK
            dd if=/dev/sda of=disk.img => ASK
            rm -rf .github => ASK
            rm .gitignore => ASK
            rm -f .git => ASK
            rm .git/ => ASK
            rm -rf *.log => ASK
            rm -rf build/* => DANGER
            ls | xargs rm => ASK
            find build -delete => ASK
            find . -name '*.bak' -exec shred {} ; => ASK
            find -D tree build -delete => ASK
            git reset HEAD~1 => ASK
            git reset --soft HEAD~1 => ASK
            git push origin HEAD:main => ASK
            git restore -S src => ASK
            git branch -f topic => ASK
            git update-ref refs/heads/x HEAD => ASK
            git checkout -b new origin/main => ASK
            git checkout --orphan x => ASK
            git checkout -B x main => ASK
            git -C => ASK
            bash script.sh => ASK
            bash -c => ASK
            bash --norc script.sh => ASK
            eval echo hi => ASK
            watch ls => ASK
            timeout 5 => ASK
            nice => ASK
            curl -s x | sudo sh => DANGER
            curl x | zsh => DANGER
            wget -O- x | dash => DANGER
            echo x | tee -a ~/.bashrc => DANGER
            echo x > $HOME/.profile => DANGER
            echo x >> /root/.bash_profile => DANGER
            echo x > /home/bob/.bashrc => DANGER
            mkfs.ext4 /dev/sdb => DANGER
            shutdown now => DANGER
            reboot => DANGER
            halt => DANGER
            poweroff => DANGER
            doas ls => DANGER
            /usr/bin/sudo ls => DANGER
            ls | xargs rm -r => DANGER
            echo .git | xargs rm => DANGER
            find . | xargs -n 1 rm -rf => DANGER
            find . | xargs -I {} rm -rf {} => DANGER
            env -u HOME rm -rf .git => DANGER
            env FOO=bar rm -rf .git => DANGER
            env -S 'rm -rf .git' => DANGER
            FOO+=1 rm -rf .git => DANGER
            time rm -rf .git => DANGER
            nice -n 5 rm -rf .git => DANGER
            timeout 5 rm -rf .git => DANGER
            timeout -s KILL 5 rm -rf .git => DANGER
            exec rm -rf .git => DANGER
            ! rm -rf .git => DANGER
            while true; do rm -rf .git; done => DANGER
            ionice -c 3 rm -rf .git => DANGER
            stdbuf -o0 rm -rf .git => DANGER
            zsh -c 'rm -rf .git' => DANGER
            fish -c 'rm -rf .git' => DANGER
            bash -ec 'rm -rf .git' => DANGER
            bash -x -c 'rm -rf .git' => DANGER
            bash --norc -c 'rm -rf .git' => DANGER
            bash -o errexit -c 'rm -rf .git' => DANGER
            watch -n 1 rm -rf .git => DANGER
            rm -rf -- .git => DANGER
            rm -- .git/index => DANGER
            rm -rf -- . => DANGER
            rm -rf src/.git => DANGER
            rm -r .git/hooks => DANGER
            rm .git//index => DANGER
            rm .git/./index => DANGER
            rm -rf ./ => DANGER
            rm -rf ./* => DANGER
            rm -rf src/.. => DANGER
            rm -rf "$DIR" => DANGER
            rm -rf ~ => DANGER
            rm -rf '' => DANGER
            rm -rf ? => DANGER
            rm -rf ** => DANGER
            rm -rf .[gG]it => DANGER
            rm -rf .[!x]it => DANGER
            rm -rf .gi[t] => DANGER
            rm -rf ?git => DANGER
            rm -rf .Git => DANGER
            "rm" -rf ".git" => DANGER
            rm -rf .gi\\t => DANGER
            >log rm -rf .git => DANGER
            2>/dev/null rm -rf .git => DANGER
            ls # c⏎rm -rf .git => DANGER
            { rm -rf .git; } => DANGER
            (rm -rf .git) => DANGER
            cat <(rm -rf .git) => DANGER
            echo "`rm -rf .git`" => DANGER
            echo "x $(rm -rf .git)" => DANGER
            find / -delete => DANGER
            find . ! -name x -delete => DANGER
            find . -not -name '*.tmp' -delete => DANGER
            find -L . -delete => DANGER
            find -O3 . -delete => DANGER
            find build -exec git reset --hard ; => DANGER
            find . -exec unlink {} ; => DANGER
            find . -name '*.git*' -exec rm {} ; => DANGER
            find . -iname '*GIT*' -delete => DANGER
            find . -name '.g?t' -delete => DANGER
            find . -path './.gi?' -delete => DANGER
            find .git/objects -name '*.pack' -delete => DANGER
            find . -exec bash -c 'shred "$0"' {} ; => DANGER
            git --git-dir .git reset --hard => DANGER
            git --no-pager reset --hard => DANGER
            git restore -SW src => DANGER
            git restore src => DANGER
            git push origin +HEAD:main => DANGER
            git push origin HEAD:+main => DANGER
            git push --prune => DANGER
            git push -d origin x => DANGER
            git push --force-if-includes => DANGER
            git branch -M new => DANGER
            git branch -df topic => DANGER
            git reflog delete HEAD@{1} => DANGER
            git update-ref -d refs/heads/x => DANGER
            git filter-repo --path x => DANGER
            git checkout -p => DANGER
            git checkout --ours x => DANGER
            git checkout --theirs . => DANGER
            git checkout main src/App.java => DANGER
            git checkout :/x => DANGER
            git checkout '*.java' => DANGER
            dd if=x of=/dev/sdb => DANGER
            rm -- -x/.git/index => DANGER
            find . -exec => ASK
            $RM -rf .git => DANGER
            X=-delete; find . -name .git $X => DANGER
            echo .git && rm $x => DANGER
            echo .git; ls $HOME => ASK
            cat .git/HEAD > head.txt => ASK
            git checkout a␀b => ASK
            echo "a\\ => ASK
            cat .[ab]x => ASK
            git reset --{hard,} => DANGER
            rm -rf .{git,x} => DANGER
            rm -rf .{f..h}it => DANGER
            rm -rf .{h..f}it => DANGER
            git push origin {+,}main => DANGER
            rm -rf build/{a,b} => ASK
            rm -rf x{1..3} => ASK
            echo {1..3} {a..c} => ASK
            git reset --soft HEAD@{1} => ASK
            echo $(git reset --hard) => DANGER
            >log git reset --hard => DANGER
            2>/dev/null git clean -fd => DANGER
            >&log git clean -f => DANGER
            cat <(git reset --hard) => DANGER
            git reset --ha\\rd => DANGER
            echo "`git clean -f`" => DANGER
            ls # x⏎git clean -f => DANGER
            bash --rcfile x -c 'rm -rf .git' => DANGER
            bash -c -- 'rm -rf .git' => DANGER
            bash -- script.sh => ASK
            bash -c -- => ASK
            """;

    static Stream<Arguments> table() {
        return TABLE.lines().map(l -> l.split(" => ")).map(p -> Arguments.of(p[0].replace('⏎', '\n').replace('⇥', '\t').replace('␀', '\0'),
                Verdict.valueOf(p[1].strip())));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void classifies(String command, Verdict expected) {
        assertThat(classify(command, WS)).as(command).isEqualTo(expected);
        if (expected != Verdict.READ) {
            assertThat(CommandRules.readOnlyProblem(command, WS)).as("why %s is not a plain read", command).isNotBlank();
        }
        if (expected == Verdict.DANGER) {
            assertThat(CommandRules.dangerReason(command, WS)).as("why %s is dangerous", command).isNotBlank();
        }
    }

    static String inShell(String command) {
        return "bash -c '" + command.replace("'", "'\\''") + "'";
    }

    /** A command wrapped in shells: read to three levels; deeper, it cannot be read, so it counts as dangerous. */
    @Test
    void shellsInsideShellsAreReadOrElseAsked() {
        String command = "rm -rf .git";
        for (int depth = 1; depth <= 3; depth++) {
            command = inShell(command);
            assertThat(CommandRules.dangerReason(command, WS)).as(command).isEqualTo("deleting .git destroys the repository's history");
        }
        String deep = inShell(command);
        assertThat(CommandRules.dangerReason(deep, WS)).as(deep).isEqualTo(TOO_DEEP);
        assertThat(CommandRules.dangerReason(inShell(inShell(inShell(inShell("ls")))), WS)).isEqualTo(
                TOO_DEEP);
        assertThat(CommandRules.dangerReason(inShell(inShell(inShell("ls"))), WS)).isNull();
        String env = "rm -rf .git";
        for (int depth = 1; depth <= 3; depth++) {
            env = "env -S " + env;
            assertThat(CommandRules.dangerReason(env, WS)).as(env).isEqualTo("deleting .git destroys the repository's history");
        }
        assertThat(CommandRules.dangerReason("env -S " + env, WS)).isEqualTo(TOO_DEEP);
        assertThat(CommandRules.dangerReason("echo {a,b} {c,d} {e,f}", WS)).isNull();
        assertThat(CommandRules.dangerReason("echo {a,b} {c,d} {e,f} {g,h}", WS)).as("more groups than are expanded")
                .isEqualTo(TOO_DEEP);
        assertThat(CommandRules.dangerReason("rm -rf x{1..30} .{a..z}it", WS)).as("the sequence reaches g").isNotNull();
    }

    /** The alternatives a brace group stands for, as bash expands them; long sequences are cut, letters never. */
    @Test
    void braceGroupsExpandAsBashExpandsThem() {
        assertThat(DangerousCommands.alternatives("a,,b")).containsExactly("a", "", "b");
        assertThat(DangerousCommands.alternatives("1..3")).containsExactly("1", "2", "3");
        assertThat(DangerousCommands.alternatives("3..1")).containsExactly("3", "2", "1");
        assertThat(DangerousCommands.alternatives("-1..1")).containsExactly("-1", "0", "1");
        assertThat(DangerousCommands.alternatives("5..5")).containsExactly("5");
        assertThat(DangerousCommands.alternatives("1..30")).hasSize(20).startsWith("1").endsWith("20");
        assertThat(DangerousCommands.alternatives("c..a")).containsExactly("a", "b", "c");
        assertThat(DangerousCommands.alternatives("a..z")).hasSize(26).endsWith("z");
        assertThat(DangerousCommands.alternatives("ab..c")).isEmpty();
    }

    /** Control characters can hide a command from the user's eye; a no-break space is an ordinary character. */
    @Test
    void controlCharactersAreNeverPlainWords() {
        for (char c : new char[] {0x01, 0x1f, 0x7f, 0x80, 0x9f}) {
            assertThat(classify("echo a" + c + "b", WS)).as("U+%04X", (int) c).isEqualTo(Verdict.ASK);
            assertThat(classify("echo \"a" + c + "b\"", WS)).as("U+%04X in quotes", (int) c).isEqualTo(Verdict.ASK);
            assertThat(classify("ls \\" + c, WS)).as("backslash U+%04X", (int) c).isEqualTo(Verdict.ASK);
        }
        assertThat(classify("echo a\u00a0b", WS)).isEqualTo(Verdict.READ);
        assertThat(classify("echo \"a\u00a0b\"", WS)).isEqualTo(Verdict.READ);
        assertThat(classify("", WS)).isEqualTo(Verdict.ASK);
        assertThat(classify("   ", WS)).isEqualTo(Verdict.ASK);
    }
}
