"""4. Two builds on the same output at the same time: the second fails fast with "another build is
publishing" (the lock), and the published folder is always one complete site.

- held-lock/tiny: the first build is stopped (SIGSTOP) while it publishes, so it surely holds the
  lock; a second build (of a tiny site, so it reaches publishing at once) must fail fast.
- held-lock/same-site: the same with a second build of the same big site: it must fail with the
  message, and fail fast (the issue: "the second fails fast").
- simultaneous: two builds of the big site started at the same instant: one fails with the
  message and the other publishes, or both publish one after the other; never a mix, no leftovers.
"""
import os
import signal
import time

import rel_common as common
from rel_common import Config, TempDir

MESSAGE = "another build is publishing"
FAST = 2.0  # seconds: what "fails fast" means for a tiny site
FAST_SHARE = 0.75  # for the big site: refused before it renders, i.e. in under 3/4 of a clean build's time (or FAST)


def locked_by_someone(lock_path):
    """True when /proc/locks lists an flock on the lock file (read-only, takes no lock itself)."""
    try:
        inode = os.stat(lock_path).st_ino
        with open("/proc/locks") as handle:
            return any(line.split()[1] == "FLOCK" and line.split()[5].endswith(":%d" % inode) for line in handle if len(line.split()) > 5)
    except (OSError, IndexError):
        return False


def run(reporter):
    count = 500 if Config.quick else 2000
    with TempDir("lock") as temp:
        site = common.gen_corpus(os.path.join(temp, "big"), count, 3)
        tiny = common.make_site(os.path.join(temp, "tiny"), {"2020/a.md": common.notice()})
        reporter.info("big site: %d notices" % count)

        # held lock: stop the first build in its publish stage.
        output = os.path.join(temp, "held", "public")
        first = common.Running(common.build_argv(site, output))
        deadline = time.monotonic() + 600
        while not common.staging_exists(output) and not first.poll() and time.monotonic() < deadline:
            time.sleep(0.0005)
        first.signal(signal.SIGSTOP)
        if not common.staging_exists(output):
            first.signal(signal.SIGCONT)
            reporter.fail("held-lock", "the first build never reached its publish stage: %s" % first.wait(600).describe())
            return
        lock_path = os.path.join(temp, "held", ".public.notices-lock")
        held = locked_by_someone(lock_path)
        reporter.check("held-lock/lock-visible", held, "no flock on %s in /proc/locks while the first build is stopped in its publish stage" % lock_path,
                       "first build stopped while publishing; /proc/locks shows its flock")
        try:
            second = common.build(tiny, output)
            problems = []
            if second.returncode != 1 or MESSAGE not in second.stderr:
                problems.append("expected exit 1 and %r; got %s" % (MESSAGE, second.describe()))
            if second.elapsed > FAST:
                problems.append("took %.2f s" % second.elapsed)
            reporter.check("held-lock/tiny-second-build-fails-fast", not problems, "; ".join(problems),
                           "exit 1 in %.2f s: %s" % (second.elapsed, first_line(second.stderr, MESSAGE)))

            third = common.build(site, output)
            if third.returncode == 1 and MESSAGE in third.stderr:
                reporter.ok("held-lock/same-site-second-build-refused", "exit 1: %s" % first_line(third.stderr, MESSAGE))
            else:
                reporter.fail("held-lock/same-site-second-build-refused", "expected exit 1 and %r; got %s" % (MESSAGE, third.describe()))
        finally:
            first.signal(signal.SIGCONT)
        done = first.wait(600)
        clean = done.elapsed  # includes the time it was stopped; measured again below
        solo_output = os.path.join(temp, "solo", "public")
        solo = common.build(site, solo_output)
        if solo.returncode == 0:
            clean = solo.elapsed
        reference = common.manifest(solo_output)
        limit = max(FAST, FAST_SHARE * clean)
        reporter.check("held-lock/same-site-second-build-fails-fast", third.elapsed <= limit,
                       "a second build of the same site, started while the first held the lock, failed only after %.2f s, "
                       "while a clean build takes %.2f s (limit: %.2f s): it does most of a build's work before it asks for the lock"
                       % (third.elapsed, clean, limit),
                       "refused after %.2f s (a clean build takes %.2f s)" % (third.elapsed, clean))
        problems = []
        if solo.returncode != 0:
            problems.append("a clean build of the big site failed: %s" % solo.describe())
        if done.returncode != 0:
            problems.append("the first build failed after being continued: %s" % done.describe())
        elif common.manifest(output) != reference:
            problems.append("its output differs from a clean build: %s" % common.manifest_diff(common.manifest(output), reference))
        if common.leftovers(output):
            problems.append("leftovers: %s" % ", ".join(common.leftovers(output)))
        pages = [p for p in (reference or {}) if p.count("/") == 3 and p.startswith("meldungen/") and p.split("/")[1].isdigit() and p.endswith("/index.html")]
        due = notices_due(site)
        if len(pages) != due:
            problems.append("expected %d notice pages (of %d notices, the rest dated after --now), found %d" % (due, count, len(pages)))
        reporter.check("held-lock/first-build-completes", not problems, "; ".join(problems), "published %d notice pages" % len(pages))

        # simultaneous: two builds of the same big site at the same instant.
        output = os.path.join(temp, "both", "public")
        one = common.Running(common.build_argv(site, output))
        two = common.Running(common.build_argv(site, output))
        results = [one.wait(900), two.wait(900)]
        codes = sorted(r.returncode for r in results)
        problems = []
        if any(r.killed_by or r.timed_out for r in results) or codes not in ([0, 0], [0, 1]):
            problems.append("expected exits 0+0 or 0+1; got:\n%s" % "\n".join(r.describe() for r in results))
        for r in results:
            if r.returncode == 1 and (MESSAGE not in r.stderr or len(r.errors) != 1):
                problems.append("the failing build did not fail (only) with %r: %s" % (MESSAGE, r.describe()))
        found = common.manifest(output)
        if found != reference:
            problems.append("published folder differs from a clean build: %s" % common.manifest_diff(found, reference))
        if common.leftovers(output):
            problems.append("leftovers: %s" % ", ".join(common.leftovers(output)))
        outcome = "one refused with the lock message, one published" if codes == [0, 1] else "both published, one after the other"
        reporter.check("simultaneous/one-complete-site", not problems, "; ".join(problems),
                       "%s (%.1f s and %.1f s); output equals a clean build" % (outcome, results[0].elapsed, results[1].elapsed))


def first_line(text, fragment):
    return next((line.strip() for line in text.splitlines() if fragment in line), "")


def notices_due(site):
    """Generated notices dated no later than the build's --now: a notice dated after it waits (as in Hugo)."""
    import datetime
    import glob
    due = 0
    for path in glob.glob(os.path.join(site, "content", "notices", "*", "*.md")):
        with open(path, encoding="utf-8") as handle:
            line = next(l for l in handle if l.startswith("date: "))
        date = datetime.datetime.fromisoformat(line[6:].strip().strip('"'))
        if date.tzinfo is None:
            date = date.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
        due += date.timestamp() <= common.NOW_EPOCH
    return due
