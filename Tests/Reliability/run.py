#!/usr/bin/env python3
"""Reliability suite for issue 8: publishing atomicity, ownership, lock, determinism, escaping,
pathological and bad input, run against the real `notices` binary.

    Tests/Reliability/run.py [--binary PATH] [--quick] [--only NAME,...] [--seed N] [--keep]

Ends with the line `N passed, N failed`; exit status 0 only when nothing failed.
docs/reliability.md lists what each test proves.

REQUIREMENTS (pip): html5lib icalendar
REQUIREMENTS (system): python3 >= 3.9, root for the disk-full check (mounts a small tmpfs;
  skipped where mounting is not allowed). Time and memory are read with wait4, so GNU time is
  not needed.
"""
import argparse
import importlib
import os
import queue
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rel_common as common  # noqa: E402
from rel_common import Config, Reporter, emit  # noqa: E402

# Phase 1: tests that judge results, not timing, run side by side (longest first).
# Phase 2: tests that measure time and memory run alone.
PARALLEL = ["kill", "concurrency", "injection", "determinism", "bad-input", "isolation", "refusals", "hardening"]
SERIAL = ["pathological", "catalog-size"]


def missing_requirements():
    missing = []
    for module in ("html5lib", "icalendar"):
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=Config.binary, help="the notices binary (default: .build/debug/notices)")
    parser.add_argument("--templates", default=Config.templates, help="theme copied into every test site (default: the repository's templates/)")
    parser.add_argument("--quick", action="store_true", help="fewer kill iterations and smaller sites (under 2 minutes)")
    parser.add_argument("--only", default="", help="comma-separated tests to run: " + ", ".join(PARALLEL + SERIAL))
    parser.add_argument("--seed", type=int, default=None, help="seed for the random delays and orders (default: random, printed)")
    parser.add_argument("--parallel", type=int, default=2, help="tests run side by side in the first phase (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()

    Config.binary = os.path.abspath(args.binary)
    Config.templates = os.path.abspath(args.templates)
    Config.quick = args.quick
    Config.keep = args.keep
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
    os.environ["RELIABILITY_SEED"] = str(seed)

    only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = only - set(PARALLEL + SERIAL)
    if unknown:
        parser.error("unknown test name(s): %s" % ", ".join(sorted(unknown)))
    parallel_names = [n for n in PARALLEL if not only or n in only]
    serial_names = [n for n in SERIAL if not only or n in only]

    started = time.monotonic()
    emit("reliability suite: binary %s, templates %s, %s, seed %d (rerun with --seed %d)"
         % (Config.binary, Config.templates, "quick" if Config.quick else "full", seed, seed))
    problems = []
    if not os.access(Config.binary, os.X_OK):
        problems.append("binary %s is missing or not executable; build it with `swift build` or pass --binary" % Config.binary)
    if not os.path.isdir(Config.templates):
        problems.append("templates folder %s is missing" % Config.templates)
    if not os.path.exists(common.GEN_CORPUS):
        problems.append("corpus generator %s is missing (shared/ must lie beside the repository)" % common.GEN_CORPUS)
    missing = missing_requirements()
    if missing:
        problems.append("pip packages missing: %s (pip install %s)" % (", ".join(missing), " ".join(missing)))
    if problems:
        setup = Reporter("setup")
        for problem in problems:
            setup.fail("requirements", problem)
        finish(started)
        return

    def jobs_of(name):
        try:
            module = importlib.import_module("t_" + name.replace("-", "_"))
            return module.jobs() if hasattr(module, "jobs") else [(name, module.run)]
        except Exception:
            Reporter(name).crashed("load")
            return []

    run_jobs([job for name in parallel_names for job in jobs_of(name)], max(1, args.parallel))
    run_jobs([job for name in serial_names for job in jobs_of(name)], 1)
    finish(started)


def run_jobs(jobs, workers):
    pending = queue.Queue()
    for job in jobs:
        pending.put(job)

    def worker():
        while True:
            try:
                name, function = pending.get_nowait()
            except queue.Empty:
                return
            reporter = Reporter(name)
            begin = time.monotonic()
            emit("---- %s: started" % name)
            try:
                function(reporter)
            except Exception:  # a test that raises is a failure, never a crash of the suite
                reporter.crashed()
            emit("---- %s: finished in %.1f s" % (name, time.monotonic() - begin))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(min(workers, max(1, len(jobs))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def finish(started):
    common.run_cleanups()
    counts = common.counts()
    failures = common.failures()
    emit("")
    if failures:
        emit("Failures:")
        for name, reason in failures:
            emit("  %s: %s" % (name, reason.split("\n")[0]))
    if counts["skipped"]:
        emit("%d skipped" % counts["skipped"])
    emit("run time %.1f s" % (time.monotonic() - started))
    emit("%d passed, %d failed" % (counts["passed"], counts["failed"]))
    sys.stdout.flush()
    os._exit(0 if counts["failed"] == 0 else 1)


if __name__ == "__main__":
    main()
