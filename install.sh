#!/bin/sh
# Installs Fathom for the current user, without root: the release folder goes to ~/.local/share/fathom/fathom-VERSION
# and ~/.local/bin/fathom becomes a link to its launcher. Running it again installs again; nothing is duplicated.
#
#   fathom-VERSION/install.sh            from an unpacked release archive
#   ./install.sh FILE.tar.gz             from a release archive
#   ./install.sh                         in a source checkout after `mvn -B package -DskipTests` (target/*.tar.gz)
#
# FATHOM_INSTALL_DIR (default ~/.local/share/fathom) and FATHOM_BIN_DIR (default ~/.local/bin) change the folders.
# If the bin folder is not on PATH, one line adding it goes into your shell's startup file (~/.bashrc, ~/.zshrc or
# ~/.profile), once; FATHOM_NO_MODIFY_PATH=1 leaves startup files alone.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
install_dir=${FATHOM_INSTALL_DIR:-$HOME/.local/share/fathom}
bin_dir=${FATHOM_BIN_DIR:-$HOME/.local/bin}

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

scratch=""
cleanup() { [ -z "$scratch" ] || rm -rf "$scratch"; }
trap cleanup EXIT

# Sets src to the fathom-VERSION folder unpacked from the archive $1.
unpack() {
  [ -f "$1" ] || fail "$1 does not exist"
  scratch=$(mktemp -d)
  tar -xzf "$1" -C "$scratch" || fail "could not unpack $1"
  for d in "$scratch"/fathom-*; do
    [ -d "$d" ] && src=$d && return
  done
  fail "$1 holds no fathom-VERSION folder"
}

if [ "$#" -gt 0 ]; then
  unpack "$1"
elif [ -x "$here/bin/fathom" ] && [ -f "$here/lib/fathom.jar" ]; then
  src=$here
else
  found=$(ls -t "$here"/target/fathom-*.tar.gz 2>/dev/null | head -1)
  [ -n "$found" ] || fail "no release found. Run this from an unpacked release archive, pass the archive (install.sh FILE.tar.gz), or build one first: mvn -B package -DskipTests"
  unpack "$found"
fi

[ -x "$src/runtime/bin/java" ] || fail "$src has no bundled runtime (runtime/bin/java); it is not a release folder"
dest="$install_dir/$(basename "$src")"
mkdir -p "$install_dir" "$bin_dir"
if [ "$(cd "$src" && pwd -P)" != "$(cd "$dest" 2>/dev/null && pwd -P)" ]; then
  # -p keeps the jar's modification time, which the class-data cache beside it is tied to.
  rm -rf "$dest.new"
  cp -pR "$src" "$dest.new"
  rm -rf "$dest"
  mv "$dest.new" "$dest"
fi

link="$bin_dir/fathom"
if [ -e "$link" ] && [ ! -L "$link" ]; then
  fail "$link exists and is not a link; move it away and run install.sh again"
fi
ln -sfn "$dest/bin/fathom" "$link"
version=$("$link" --version) || fail "$link --version failed"
echo "Installed $version: $link -> $dest/bin/fathom"

case ":${PATH:-}:" in
  *":$bin_dir:"*) echo "$bin_dir is on your PATH: run fathom anywhere." ;;
  *)
    line="export PATH=\"$bin_dir:\$PATH\"  # added by Fathom's install.sh"
    case "${SHELL:-}" in
      */bash) rc="$HOME/.bashrc" ;;
      */zsh) rc="$HOME/.zshrc" ;;
      *) rc="$HOME/.profile" ;;
    esac
    if [ -n "${FATHOM_NO_MODIFY_PATH:-}" ]; then
      echo "$bin_dir is not on your PATH. Add it: $line"
    else
      grep -qsF "$line" "$rc" || printf '\n%s\n' "$line" >> "$rc"
      echo "$bin_dir is not on your PATH yet: $rc now adds it for new shells. In this shell run:"
      echo "  export PATH=\"$bin_dir:\$PATH\""
    fi
    ;;
esac
