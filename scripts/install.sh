#!/bin/sh
# Installs the release binary of notices for this Linux machine: downloads notices-linux-ARCH and
# its .sha256 from a release folder, checks the checksum, and puts the binary into ~/.local/bin
# (or --dir DIR). No root, no Swift toolchain.
#
#   curl -fsSL RELEASE/install.sh | sh -s -- --from RELEASE
#   curl -fsSL RELEASE/install.sh | sh -s -- --from RELEASE --dir "$HOME/bin"
#
# RELEASE is the address the release assets are published under (scripts/release.sh writes them
# into dist/: notices-linux-x86_64, notices-linux-x86_64.sha256, install.sh); file:// works too.
# Instead of --from, NOTICES_RELEASE may hold it. The binary needs three Debian 12 libraries; when
# one is missing the script says which packages to install (that step needs root, once).
set -eu

release="${NOTICES_RELEASE:-}"
dir="${HOME:?HOME is not set}/.local/bin"
say() { printf 'install.sh: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || fail "--from needs the release address"; release="$2"; shift 2 ;;
    --dir) [ $# -ge 2 ] || fail "--dir needs a folder"; dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" 2>/dev/null || true; exit 0 ;;
    *) fail "unknown argument '$1' (use --from RELEASE and optionally --dir DIR)" ;;
  esac
done
[ -n "$release" ] || fail "where is the release? give --from RELEASE (the address of notices-linux-$(uname -m))"

system="$(uname -s)"
[ "$system" = Linux ] || fail "there is no release binary for $system; build from source with the Swift toolchain (see README.md)"
name="notices-linux-$(uname -m)"
release="${release%/}"

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --retry 3 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  fail "neither curl nor wget is installed"
fi
if command -v sha256sum >/dev/null 2>&1; then
  digest() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  digest() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  fail "neither sha256sum nor shasum is installed"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT INT TERM
fetch "$release/$name" "$work/$name" || fail "cannot download $release/$name"
fetch "$release/$name.sha256" "$work/$name.sha256" || fail "cannot download $release/$name.sha256"
expected="$(cut -d' ' -f1 "$work/$name.sha256")"
actual="$(digest "$work/$name")"
case "$expected" in
  *[!0-9a-f]*|'') fail "$name.sha256 holds no SHA-256" ;;
esac
[ ${#expected} -eq 64 ] || fail "$name.sha256 holds no SHA-256"
[ "$expected" = "$actual" ] || fail "checksum mismatch for $name (expected $expected, got $actual); nothing was installed"
chmod 0755 "$work/$name"

if ! version="$("$work/$name" --version 2>"$work/error")"; then
  if grep -q 'error while loading shared libraries' "$work/error"; then
    fail "the binary needs libraries this machine lacks; as root, once: apt-get install -y libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 libcurl4"
  fi
  fail "the downloaded binary does not run: $(cat "$work/error")"
fi

mkdir -p "$dir" || fail "cannot create $dir"
cp "$work/$name" "$dir/.notices.new" || fail "cannot write into $dir"
mv -f "$dir/.notices.new" "$dir/notices"
say "installed $version as $dir/notices"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) say "note: $dir is not on PATH; add it, e.g. echo 'export PATH=\"$dir:\$PATH\"' >> ~/.profile" ;;
esac
