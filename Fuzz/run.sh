#!/usr/bin/env bash
# Builds the libFuzzer target and fuzzes front matter + Markdown + rendering for SECONDS.
#
#   Fuzz/run.sh SECONDS [extra libFuzzer flags...]
#
# Environment: FUZZ_JOBS (parallel fuzzing processes, default: all cores), FUZZ_NICE (default 10),
# FUZZ_NO_BUILD=1 (reuse the last build), FUZZ_MINIMIZE_MAX (crashes minimised per run, default 5),
# FUZZ_TARGET (NoticesFuzz, the default: a notice through the whole build; MustacheFuzz: the
# Mustache engine alone, seeded from Fuzz/corpus-mustache).
#
# Keeps the growing corpus in Fuzz/work/corpus (seeded from Fuzz/corpus), writes crashes, hangs
# and out-of-memory inputs to Fuzz/findings/ (each with a minimised copy and the reproduced
# stack in a .log), appends one line per run to Fuzz/runs.tsv and prints a summary.
# See docs/fuzzing.md.
set -euo pipefail

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: Fuzz/run.sh SECONDS [libFuzzer flags...]" >&2
  exit 2
fi
seconds="$1"; shift

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$fuzz_dir")"
cd "$repo"
jobs="${FUZZ_JOBS:-$(nproc)}"
niceness="${FUZZ_NICE:-10}"
work="$fuzz_dir/work"
target="${FUZZ_TARGET:-NoticesFuzz}"
case "$target" in
  NoticesFuzz) corpus="$work/corpus"; seeds="$fuzz_dir/corpus" ;;
  MustacheFuzz) corpus="$work/corpus-mustache"; seeds="$fuzz_dir/corpus-mustache" ;;
  *) echo "error: FUZZ_TARGET must be NoticesFuzz or MustacheFuzz (found '$target')" >&2; exit 2 ;;
esac
findings="$fuzz_dir/findings"
mkdir -p "$corpus" "$findings" "$work/logs"

toolchain_bin="$(dirname "$(readlink -f "$(command -v swift)")")"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$toolchain_bin/llvm-symbolizer}"
# Leak checking after every input costs 5-8x in speed (Swift caches look like leaks to LSan);
# a smaller quarantine keeps use-after-free detection for recent frees at a fraction of the cost.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:quarantine_size_mb=64:malloc_context_size=20:handle_abort=1}"
# Swift's own crash backtracer (on by default on Linux) trips ASan (stack-buffer-underflow in
# CrashHandlerLinux.cpp memserver_read) and can hang the crashing process: let libFuzzer and ASan
# print the stack instead.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"

# 1. Build: Swift code instrumented with -sanitize=fuzzer,address; the package's C code (libyaml
#    inside Yams) with -fsanitize=fuzzer-no-link,address. cmark-gfm is the system library and
#    is not instrumented (ASan still checks the memory Swift hands it).
build_flags=(-c release --package-path Fuzz
             -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
             -Xcc -fsanitize=fuzzer-no-link,address)
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  echo "== building (swift build ${build_flags[*]})"
  nice -n "$niceness" swift build "${build_flags[@]}" 2>&1 | grep -v "Cannot export local symbol" || true
fi
binary="$(swift build "${build_flags[@]}" --show-bin-path)/$target"
[ -x "$binary" ] || { echo "error: $binary was not built" >&2; exit 1; }

if [ -z "$(ls -A "$corpus")" ]; then cp "$seeds"/* "$corpus"/; fi
corpus_before=$(ls "$corpus" | wc -l)
existing_findings=$(mktemp); ls "$findings" > "$existing_findings"

# The code under test: the commit at build time, +dirty when Sources/ had uncommitted changes.
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$repo" status --porcelain -- Sources 2>/dev/null | grep -q . && echo "+dirty" || true)

# 2. Fuzz: fork mode keeps going after a finding (each is saved) until SECONDS are up.
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="$work/logs/fuzz-$stamp.log"
echo "== fuzzing for ${seconds}s with $jobs processes (log: $log)"
start=$(date +%s)
set +e
nice -n "$niceness" "$binary" "$corpus" "$seeds" \
  -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time="$seconds" -timeout=5 -rss_limit_mb=512 -max_len=8192 \
  -dict="$fuzz_dir/notices.dict" -artifact_prefix="$findings/" \
  -print_final_stats=1 "$@" > "$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))

# 3. New findings: reproduce once for the stack, minimise crashes.
new_findings=()
while IFS= read -r name; do
  case "$name" in crash-*|timeout-*|oom-*|leak-*|slow-unit-*) new_findings+=("$name") ;; esac
done < <(ls "$findings" | grep -vxF -f "$existing_findings" || true)
rm -f "$existing_findings"
minimised=0
for name in "${new_findings[@]}"; do
  input="$findings/$name"
  echo "== reproducing $name"
  timeout 60 "$binary" -timeout=5 -rss_limit_mb=512 "$input" > "$input.log" 2>&1 || true
  if command -v swift-demangle >/dev/null 2>&1 || [ -x "$toolchain_bin/swift-demangle" ]; then
    "$toolchain_bin/swift-demangle" --simplified < "$input.log" > "$input.log.tmp" && mv "$input.log.tmp" "$input.log"
  fi
  if [[ "$name" == crash-* ]] && [ "$minimised" -lt "${FUZZ_MINIMIZE_MAX:-5}" ]; then
    echo "== minimising $name"
    minimised=$((minimised + 1))
    timeout 120 "$binary" -minimize_crash=1 -runs=20000 -max_total_time=60 -timeout=5 -rss_limit_mb=512 \
      -exact_artifact_path="$findings/minimized-$name" "$input" > "$work/logs/minimize-$name.log" 2>&1 || true
  fi
done

# 4. Summary.
last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
if [ -z "$last" ]; then
  echo "== libFuzzer printed no statistics (exit status $status); end of $log:"
  tail -20 "$log"
fi
execs=$(sed -nE 's/^#([0-9]+): .*/\1/p' <<<"$last")
cov=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last")
ft=$(sed -nE 's/.* ft: ([0-9]+) .*/\1/p' <<<"$last")
rate=$(sed -nE 's/.* exec\/s: ([0-9]+) .*/\1/p' <<<"$last")
oom_timeout_crash=$(sed -nE 's/.* oom\/timeout\/crash: ([0-9\/]+) .*/\1/p' <<<"$last")
corpus_after=$(ls "$corpus" | wc -l)
corpus_bytes=$(du -sb "$corpus" | cut -f1)

cat <<EOF
== summary
date:            $stamp (UTC)
commit:          $commit$dirty
duration:        ${elapsed}s (asked: ${seconds}s), $jobs processes, libFuzzer exit status $status
executions:      ${execs:-?} (${rate:-?} exec/s)
coverage:        cov ${cov:-?} edges, ft ${ft:-?} features
corpus:          $corpus_before -> $corpus_after inputs ($corpus_bytes bytes) in $corpus
oom/timeout/crash: ${oom_timeout_crash:-?}
new findings:    ${#new_findings[@]}
EOF
for name in "${new_findings[@]}"; do
  echo "  $findings/$name"
  grep -m1 -E 'ERROR: AddressSanitizer|ERROR: libFuzzer|Fatal error|SUMMARY' "$findings/$name.log" 2>/dev/null | sed 's/^/    /' || true
done
if [ ! -f "$fuzz_dir/runs.tsv" ]; then
  printf 'date\tcommit\tseconds\tprocesses\texecs\texec_per_s\tcov\tft\tcorpus\toom/timeout/crash\tnew_findings\n' > "$fuzz_dir/runs.tsv"
fi
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stamp" "$commit$dirty${target#NoticesFuzz}" "$elapsed" "$jobs" "${execs:-?}" "${rate:-?}" \
  "${cov:-?}" "${ft:-?}" "$corpus_after" "${oom_timeout_crash:-?}" "${#new_findings[@]}" >> "$fuzz_dir/runs.tsv"
[ ${#new_findings[@]} -eq 0 ]
