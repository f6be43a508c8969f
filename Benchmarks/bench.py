#!/usr/bin/env python3
"""Build benchmark: prints figures, asserts nothing.

    python3 Benchmarks/bench.py [--sizes 1000,10000,50000] [--runs 5] [--binary PATH] [--jobs N]

For each size it generates a deterministic corpus with Benchmarks/gen_corpus.py (the team's shared
generator: German-like notices, ~4 KB median, headings, lists, tables, code, links, some raw
HTML), copies the repository's templates into it, and runs `notices build` RUNS times after one
warm-up, with the output on tmpfs (/dev/shm) where there is one, because disk write times vary
widely on shared machines. It also times `notices check` when the binary has it. Printed: median
wall time, median peak memory (GNU time), files and HTML pages written, output size.

Build the binary first: swift build -c release  (default binary: .build/release/notices).
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NOW = "2026-11-29T12:00:00+01:00"


def corpus(size, seed, work):
    path = os.path.join(work, "corpus-%d-s%d" % (size, seed))
    if not os.path.exists(os.path.join(path, ".done")):
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--count", str(size),
                        "--seed", str(seed), "--out", path], check=True, stderr=subprocess.DEVNULL)
        open(os.path.join(path, ".done"), "w").close()
    templates = os.path.join(path, "templates")
    shutil.rmtree(templates, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "templates"), templates)
    return path


def timed(command):
    """(wall seconds, peak KiB) of one run via GNU time."""
    with tempfile.NamedTemporaryFile("r") as report:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name] + command,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            sys.exit("bench: command failed: %s\n%s" % (" ".join(command), result.stderr[-2000:]))
        wall, peak = report.read().split()[-2:]
        return float(wall), int(peak)


def output_stats(folder):
    files = pages = size = 0
    for base, _, names in os.walk(folder):
        for name in names:
            files += 1
            pages += name.endswith(".html")
            size += os.path.getsize(os.path.join(base, name))
    return files, pages, size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "notices"))
    parser.add_argument("--jobs", type=int, help="worker threads (default: all cores)")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "notices-bench"))
    args = parser.parse_args()
    if not os.path.exists("/usr/bin/time"):
        sys.exit("bench: GNU time is needed (apt-get install -y time)")
    if not os.access(args.binary, os.X_OK):
        sys.exit("bench: no binary at %s; run: swift build -c release" % args.binary)
    os.makedirs(args.work, exist_ok=True)
    out_base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else args.work
    has_check = subprocess.run([args.binary, "check", "--help"], capture_output=True).returncode == 0
    extra = ["--jobs", str(args.jobs)] if args.jobs else []

    print("machine: %s, %d cores, %s; output on %s; medians of %d runs after one warm-up"
          % (platform.machine(), os.cpu_count(), platform.platform(), "tmpfs" if out_base == "/dev/shm" else "disk", args.runs))
    header = "%9s %10s %10s %10s %9s %9s %10s" % ("notices", "build s", "peak MiB", "check s", "files", "pages", "output MB")
    print(header)
    for size in [int(s) for s in args.sizes.split(",")]:
        site = corpus(size, args.seed, args.work)
        output = tempfile.mkdtemp(prefix="notices-bench-out-", dir=out_base)
        shutil.rmtree(output)
        build = [args.binary, "build", "--site", site, "--output", output, "--now", NOW] + extra
        timed(build)
        runs = [timed(build) for _ in range(args.runs)]
        files, pages, bytes_written = output_stats(output)
        check = "-"
        if has_check:
            command = [args.binary, "check", "--site", site] + extra
            timed(command)
            check = "%.3f" % statistics.median(timed(command)[0] for _ in range(args.runs))
        shutil.rmtree(output, ignore_errors=True)
        print("%9d %10.3f %10.1f %10s %9d %9d %10.1f" % (
            size, statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs) / 1024,
            check, files, pages, bytes_written / 1e6))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
