#!/usr/bin/env bash
# Benchmarks (README "Benchmarks"). Usage: src/bench/bench.sh exec|tools [RUNS]
#   exec:  fathom --version and the scripted 4-request exec run, through the launcher (wall, peak RSS, CPU)
#   tools: grep over 50,000 files (rg, Java, plain rg), edit_file on 100k lines, git_status on 20,000 files
set -euo pipefail
cd "$(dirname "$0")/../.."
which="${1:-exec}"
runs="${2:-5}"
case "$which" in
  exec) class=dev.fathom.bench.ExecBench ;;
  tools) class=dev.fathom.bench.ToolBench ;;
  *) echo "usage: src/bench/bench.sh exec|tools [RUNS]" >&2; exit 2 ;;
esac
mvn -q -B package -DskipTests
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$class" "$runs"
