#!/usr/bin/env bash
# Start-up and 4-request exec benchmark of the launcher (see README "Benchmarks"). Usage: src/bench/exec-bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B package -DskipTests
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.fathom.bench.ExecBench "${1:-5}"
