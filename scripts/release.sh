#!/usr/bin/env bash
# Builds the release binary of `notices` for this machine's architecture:
#
#   scripts/release.sh    -> dist/notices-linux-$(uname -m) and dist/notices-linux-$(uname -m).sha256,
#                            dist/install.sh (scripts/install.sh, the one-line install),
#                            dist/notices-content-template.tar.gz (scripts/make-content-template.sh) and its
#                            .sha256; prints the binary's sha256 (only that) on standard output
#
# The Swift standard library and Foundation are linked statically (--static-swift-stdlib). At run
# time the binary needs glibc and three libraries of the distribution (Debian 12 package names):
#   libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6   Markdown
#   libcurl4                                                      pulled in by FoundationNetworking, which
#                                                                 FlyingFox (`notices serve`) imports
# To build it, this machine needs the Swift toolchain and
#   apt-get install -y libcmark-gfm-dev libcmark-gfm-extensions-dev libcurl4-openssl-dev
#
# Reproducible: the same sources, dependency versions (Package.resolved), Swift toolchain and
# distribution give the same bytes, whatever folder the checkout lives in:
#   - the package is copied to a fixed folder ($NOTICES_RELEASE_ROOT, default /tmp/notices-release)
#     and built there, with a fixed build folder; -file-prefix-map renames that folder to /notices in
#     #file strings and debug info (swiftc still writes the length of the unmapped path next to some
#     #file strings, so the folder itself has to be fixed; a different NOTICES_RELEASE_ROOT gives
#     different bytes);
#   - swiftc writes a random 16-byte ".swift_modhash" per object file (used only by the compiler to
#     skip unchanged LLVM work, never read at run time); it is zeroed after linking, and the GNU
#     build-id, which the linker computed over those random bytes, is recomputed the same way
#     (SHA-1 over the file with the id zeroed).
# Two runs of this script at once on one machine wait for each other (flock).
#
# Environment:
#   NOTICES_RELEASE_ROOT   fixed build folder (default /tmp/notices-release); keep it the same everywhere
#   NOTICES_DIST           output folder (default: dist/ in the checkout)
set -euo pipefail
set +x

checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
fixed="${NOTICES_RELEASE_ROOT:-/tmp/notices-release}"
dist="${NOTICES_DIST:-$checkout/dist}"
name="notices-linux-$(uname -m)"
say() { echo "release.sh: $*" >&2; }

for tool in swift strip readelf sha1sum sha256sum dd flock; do
  command -v "$tool" >/dev/null || { say "error: '$tool' not found"; exit 1; }
done
missing=()
for package in libcmark-gfm-dev libcmark-gfm-extensions-dev libcurl4-openssl-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ] && command -v dpkg >/dev/null; then
  say "error: missing build packages; run: apt-get install -y ${missing[*]}"
  exit 1
fi

mkdir -p "$fixed"
exec 9>"$fixed.lock"
flock 9

# Copy what SwiftPM reads into the fixed folder. Unchanged files are left alone (same inode and
# time), so a second release build on the same machine is incremental.
src="$fixed/src"
mkdir -p "$src"
sync_tree() { # sync_tree FROM TO [hidden]: TO becomes a copy of FROM (with hidden files: "hidden")
  local from="$1" to="$2" hidden="${3:-}" rel
  mkdir -p "$to"
  while IFS= read -r -d '' rel; do
    rel="${rel#./}"
    if [ ! -e "$from/$rel" ]; then rm -f "$to/$rel"; fi
  done < <(cd "$to" && find . -type f -print0)
  while IFS= read -r -d '' rel; do
    rel="${rel#./}"
    if ! cmp -s "$from/$rel" "$to/$rel"; then
      mkdir -p "$(dirname "$to/$rel")"
      cp -p "$from/$rel" "$to/$rel"
    fi
  done < <(cd "$from" && if [ -n "$hidden" ]; then find . -type f -print0; else find . -type f ! -name '.*' -print0; fi)
  find "$to" -mindepth 1 -type d -empty -delete
}
copy_file() { # copy_file FROM TO, leaving an unchanged TO alone
  mkdir -p "$(dirname "$2")"
  cmp -s "$1" "$2" || cp -p "$1" "$2"
}
cp -p "$checkout/Package.swift" "$src/Package.swift.new"
cmp -s "$src/Package.swift.new" "$src/Package.swift" && rm "$src/Package.swift.new" || mv "$src/Package.swift.new" "$src/Package.swift"
resolved=()
if [ -f "$checkout/Package.resolved" ]; then
  cmp -s "$checkout/Package.resolved" "$src/Package.resolved" || cp -p "$checkout/Package.resolved" "$src/Package.resolved"
  resolved=(--force-resolved-versions)
else
  rm -f "$src/Package.resolved"
  say "note: no Package.resolved: dependencies resolve to the newest allowed versions"
fi
sync_tree "$checkout/Sources" "$src/Sources"
sync_tree "$checkout/Tests" "$src/Tests"   # the manifest names the test targets' folders
# What the EmbedTheme plugin builds into the binary: the theme and messages, and `notices init`'s files.
sync_tree "$checkout/Plugins" "$src/Plugins"
sync_tree "$checkout/templates" "$src/templates"
sync_tree "$checkout/content-template" "$src/content-template" hidden
for file in content/site.yml content/products.yml content/ANLEITUNG.md docs/ci/github-actions.yml docs/ci/gitlab-ci.yml; do
  copy_file "$checkout/$file" "$src/$file"
done

flags=(-c release --static-swift-stdlib --product notices
       --package-path "$src" --scratch-path "$fixed/build" "${resolved[@]}"
       -Xswiftc -file-prefix-map -Xswiftc "$fixed=/notices"
       -Xcc "-ffile-prefix-map=$fixed=/notices")
export ZERO_AR_DATE=1
swift build "${flags[@]}" >&2
built="$(swift build "${flags[@]}" --show-bin-path)/notices"

mkdir -p "$dist"
out="$dist/$name.tmp"
strip --strip-all -o "$out" "$built"

section() { # section FILE NAME -> "OFFSET SIZE" in decimal, or nothing
  local hex
  hex="$(readelf -S -W "$1" | sed -n 's/^ *\[ *[0-9]*\] *//p' | awk -v n="$2" '$1 == n { print $4, $5 }')"
  [ -n "$hex" ] || return 0
  set -- $hex
  echo "$((16#$1)) $((16#$2))"
}
zero() { dd if=/dev/zero of="$1" bs=1 seek="$2" count="$3" conv=notrunc status=none; }

off=; size=; read -r off size < <(section "$out" .swift_modhash) || true
if [ -n "${off:-}" ]; then zero "$out" "$off" "$size"; fi
off=; size=; read -r off size < <(section "$out" .note.gnu.build-id) || true
if [ -n "${off:-}" ]; then
  # Elf64 note: namesz(4) descsz(4) type(4) "GNU\0"(4), then the id (descsz bytes).
  descsz=$(od -An -t u4 -j $((off + 4)) -N 4 "$out" | tr -d ' ')
  zero "$out" $((off + 16)) "$descsz"
  id="$(sha1sum "$out" | cut -c1-$((descsz * 2)))"
  printf "$(echo "$id" | sed 's/../\\x&/g')" | dd of="$out" bs=1 seek=$((off + 16)) conv=notrunc status=none
fi
chmod 0755 "$out"
mv -f "$out" "$dist/$name"
(cd "$dist" && sha256sum "$name" > "$name.sha256")
cp "$checkout/scripts/install.sh" "$dist/install.sh"   # published with the binary: the one-line install
"$checkout/scripts/make-content-template.sh" --tar "$dist/notices-content-template.tar.gz" 2>/dev/null
(cd "$dist" && sha256sum notices-content-template.tar.gz > notices-content-template.tar.gz.sha256)

if grep -a -q -F -e "$fixed" -e "$checkout" "$dist/$name"; then
  say "warning: the binary still names a build folder"
fi
say "$("$dist/$name" --version | head -n 1) -> $dist/$name"
say "needs at run time: $(ldd "$dist/$name" | awk '/cmark|curl/ {print $1}' | tr '\n' ' ')"
cut -d' ' -f1 "$dist/$name.sha256"
