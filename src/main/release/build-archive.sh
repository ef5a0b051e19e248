#!/usr/bin/env bash
# Builds the release archive target/fathom-VERSION-PLATFORM.tar.gz (and its .sha256): a folder fathom-VERSION/ with
#   bin/fathom       the launcher (it uses runtime/ and never looks for another Java)
#   lib/fathom.jar   the shaded jar, and beside it the class-data cache made by a training run with runtime/
#   runtime/         a Java runtime trimmed by jlink to the modules Fathom uses
#   install.sh, README.md, LICENSE
# Usage: build-archive.sh TARGET_DIR VERSION MODULES [JDK_HOME]
# The runtime comes from JDK_HOME, or else from the newest JDK 17+ found that jlink can link from (JDK 25+ gives the
# AOT cache, 17-24 AppCDS). Without any such JDK the archive is not built and this says so (exit 0).
set -euo pipefail

target=$1
version=$2
modules=$3
jdk=${4:-}
repo=$(cd "$(dirname "$0")/../../.." && pwd)

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=macos ;; *) os=$(uname -s | tr 'A-Z' 'a-z') ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=aarch64 ;; *) arch=$(uname -m) ;; esac
name="fathom-$version"
archive="$target/$name-$os-$arch.tar.gz"

feature_of() {
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  echo "${v:-0}"
}

# Candidate JDKs, newest first: the one asked for, else every installed JDK with jlink.
candidates() {
  if [ -n "$jdk" ]; then
    echo "$jdk"
    return
  fi
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "${JAVA_HOME:-}"; do
    [ -n "$home" ] && [ -x "$home/bin/jlink" ] || continue
    home=$(cd "$home" && pwd -P)
    echo "$(feature_of "$home") $home"
  done | sort -k1,1rn | awk '$1 >= 17 && !seen[$2]++ { print $2 }'
}

stage="$target/release"
rm -rf "$stage" "$archive" "$archive.sha256"
mkdir -p "$stage/$name/bin" "$stage/$name/lib"
out="$stage/$name"

# jlink: without debug data, headers and man pages. JDK 17-21 keep TLS's elliptic curves in jdk.crypto.ec (found
# only through a service lookup, so jdeps does not list it); from JDK 22 on they are in java.base. AppCDS (JDK < 25)
# needs the runtime's base CDS archive; the AOT cache does not.
runtime_jdk=""
for home in $(candidates); do
  feature=$(feature_of "$home")
  extra=""
  flags=""
  [ "$feature" -lt 22 ] && extra=",jdk.crypto.ec"
  [ "$feature" -lt 25 ] && flags="--generate-cds-archive"
  rm -rf "$out/runtime"
  if "$home/bin/jlink" --add-modules "$modules$extra" --strip-debug --no-header-files --no-man-pages $flags \
      --output "$out/runtime" >"$stage/jlink.log" 2>&1; then
    runtime_jdk=$home
    break
  fi
  echo "note: jlink from $home failed ($(head -1 "$stage/jlink.log")); trying the next JDK"
done
if [ -z "$runtime_jdk" ]; then
  echo "note: no JDK 17+ whose jlink works was found (set -Dfathom.release.jdk=/path/to/jdk); the release archive was not built"
  rm -rf "$stage"
  exit 0
fi

cp "$repo/src/main/launcher/fathom" "$out/bin/fathom"
cp "$repo/install.sh" "$out/install.sh"
chmod 755 "$out/bin/fathom" "$out/install.sh"
cp "$repo/README.md" "$repo/LICENSE" "$out/"
# The class-data cache is named by the jar's content hash and the runtime's exact version (see the launcher).
cp -p "$target/fathom.jar" "$out/lib/fathom.jar"

# The training run, with the bundled runtime, through the launcher as a user would start it; its own scratch home.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
HOME="$scratch" FATHOM_HOME="$scratch/.fathom" "$out/bin/fathom" train-cache
cache=$(find "$out/lib" -name 'fathom-*.aot' -o -name 'fathom-*.jsa')
if [ -z "$cache" ]; then
  echo "error: the training run made no class-data cache; run $out/bin/fathom train-cache with FATHOM_JVM_OPTS=-Xlog:all=info to see why" >&2
  exit 1
fi

# The launcher's note of the jar's hash holds this copy's inode and times; an unpacked copy is hashed again.
rm -f "$out/lib/fathom.jar.id"
# Sorted entries, no user names: the same inputs give the same listing.
(cd "$stage" && tar --sort=name --owner=0 --group=0 --numeric-owner -cf - "$name") | gzip -n > "$archive"
(cd "$target" && sha256sum "$(basename "$archive")" > "$(basename "$archive").sha256")
echo "release: $archive ($(du -k "$archive" | cut -f1) KiB, unpacked $(du -sk "$out" | cut -f1) KiB; runtime from $runtime_jdk, class-data cache $(basename "$cache"))"
