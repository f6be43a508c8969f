#!/usr/bin/env bash
# Writes a starter CONTENT repository: everything a new site needs, in one step. For editors the
# same is `notices init DIR` (the files are built into the binary); this script makes the release's
# tarball and works from a checkout without a built binary.
#
#   scripts/make-content-template.sh DIR          DIR must be empty or not exist yet
#   scripts/make-content-template.sh --tar FILE   the same files as a reproducible .tar.gz
#
# What it holds, and where each part comes from (so nothing is kept twice in this repository):
#   content-template/                 README.md, .gitignore, the example notice
#   content/site.yml, products.yml    the bundled site's settings and catalog
#   content/ANLEITUNG.md              the editors' guide
#   (no templates/: the theme is built into notices; `notices theme export DIR` writes it out)
#   docs/ci/github-actions.yml        -> .github/workflows/notices.yml
#   docs/ci/gitlab-ci.yml             -> .gitlab-ci.yml
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
usage() { echo "usage: $0 DIR | --tar FILE.tar.gz" >&2; exit 2; }
[ $# -ge 1 ] || usage

assemble() { # assemble DIR
  local out="$1"
  cp -R "$root/content-template/." "$out/"
  mkdir -p "$out/content" "$out/.github/workflows"
  cp "$root/content/site.yml" "$root/content/products.yml" "$root/content/ANLEITUNG.md" "$out/content/"
  cp "$root/docs/ci/github-actions.yml" "$out/.github/workflows/notices.yml"
  cp "$root/docs/ci/gitlab-ci.yml" "$out/.gitlab-ci.yml"
}

if [ "$1" = --tar ]; then
  [ $# -eq 2 ] || usage
  target="$2"
  case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  assemble "$work"
  find "$work" -type d -exec chmod 0755 {} +
  find "$work" -type f -exec chmod 0644 {} +
  mkdir -p "$(dirname "$target")"
  # Same files, same bytes: sorted names, fixed times and owners, no name or time in the gzip header.
  (cd "$work" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -cf - .) |
    gzip -n -9 > "$target"
  echo "wrote $target" >&2
else
  [ $# -eq 1 ] || usage
  out="$1"
  if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
    echo "$0: $out is not empty; nothing was written" >&2
    exit 1
  fi
  mkdir -p "$out"
  assemble "$out"
  echo "wrote a new content repository into $out; next: cd $out && notices build" >&2
fi
