"""1. Kill tests: a build SIGKILLed at any moment leaves the published folder equal to exactly the
old site or exactly the new one (sha256 manifests, hidden marker included), never a mix and never
missing; the next normal build succeeds, publishes the right site and removes the leftovers."""
import os
import shutil
import signal
import threading
import time

import rel_common as common
from rel_common import Config, TempDir


class Fixture:
    """Sites A and B (300 notices; B = A edited) and their manifests from clean builds. Made once,
    shared read-only by the kill jobs; every job publishes into its own output folder."""
    _lock = threading.Lock()
    _instance = None
    _error = None

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._instance is None and cls._error is None:
                try:
                    cls._instance = Fixture()
                except Exception as error:
                    cls._error = error
            if cls._error is not None:
                raise RuntimeError("kill fixture could not be made: %s" % cls._error)
            return cls._instance

    def __init__(self):
        self.temp = TempDir("kill")
        common.at_end(self.temp.cleanup)
        root = self.temp.path
        self.site = {"A": os.path.join(root, "siteA"), "B": os.path.join(root, "siteB")}
        common.gen_corpus(self.site["A"], 300, 7)
        make_site_b(self.site["A"], self.site["B"], os.path.join(root, "extra"))
        self.manifest = {}
        self.seconds = {}
        self.staging_seconds = 0.0  # how long a staging folder exists during a clean build
        for key in "AB":
            output = os.path.join(root, "ref" + key, "public")
            result, seen = watched_build(self.site[key], output)
            if result.returncode != 0:
                raise RuntimeError("clean build of site %s failed: %s" % (key, result.describe()))
            self.manifest[key] = common.manifest(output)
            self.seconds[key] = result.elapsed
            self.staging_seconds = max(self.staging_seconds, seen)
        if self.manifest["A"] == self.manifest["B"]:
            raise RuntimeError("sites A and B give the same output; the kill test would prove nothing")
        self.full = max(self.seconds.values())

    def name_of(self, found):
        for key in "AB":
            if found == self.manifest[key]:
                return key
        return None


def watched_build(site, output):
    """A clean build while watching for its staging folder: (result, seconds the staging existed)."""
    running = common.Running(common.build_argv(site, output))
    first = last = None
    while not running.poll():
        if common.staging_exists(output):
            last = time.monotonic()
            first = first or last
        time.sleep(0.0005)
    return running.wait(), (last - first) if first else 0.0


def marker_in_staging(output):
    """True once a staging folder holds the marker: the build is committing (swap next)."""
    parent, name = os.path.split(os.path.abspath(output))
    prefix = ".%s.notices-staging-" % name
    try:
        return any(os.path.exists(os.path.join(parent, n, ".notices-output")) for n in os.listdir(parent) if n.startswith(prefix))
    except FileNotFoundError:
        return False


def make_site_b(site_a, site_b, scratch):
    """B: A with 30 notices edited, 15 removed, 15 added and a product renamed (labels change on
    most pages), so a half-published site is told apart from both."""
    shutil.copytree(site_a, site_b)
    notices = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site_b, "content", "notices")) for f in fs)
    for path in notices[0:30]:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n## Nachtrag\n\nDiese Meldung wurde für Site B ergänzt.\n")
    for path in notices[30:45]:
        os.remove(path)
    common.gen_corpus(scratch, 15, 8, templates=False)
    for directory, _, files in os.walk(os.path.join(scratch, "content", "notices")):
        for name in files:
            year = os.path.basename(directory)
            common.write(os.path.join(site_b, "content", "notices", year, "neu-" + name), common.read(os.path.join(directory, name)))
    catalog = os.path.join(site_b, "content", "products.yml")
    text = common.read(catalog).decode("utf-8").replace("name: DRKCMS v7", "name: DRKCMS Sieben")
    common.write(catalog, text)


def jobs():
    plan = [(4, 2), (4, 2)] if Config.quick else [(25, 5), (25, 5)]
    return [("kill#%d" % (index + 1), (lambda reporter, p=p, i=index: run_chunk(reporter, i, *p))) for index, p in enumerate(plan)]


def run_chunk(reporter, index, random_kills, publish_kills):
    try:
        fixture = Fixture.get()
    except Exception as error:
        reporter.fail("fixture", str(error))
        return
    if index == 0:
        reporter.info("sites A and B: %d and %d entries; clean builds %.2f s and %.2f s; staging folder present for %.3f s"
                      % (len(fixture.manifest["A"]), len(fixture.manifest["B"]), fixture.seconds["A"], fixture.seconds["B"], fixture.staging_seconds))
    random = common.rng("kill-%d" % index)
    with TempDir("kill-out") as temp:
        output = os.path.join(temp, "public")
        first = common.build(fixture.site["A"], output)
        if not reporter.check("initial-build", first.returncode == 0 and common.manifest(output) == fixture.manifest["A"],
                              "the first build of A did not publish A: %s; %s" % (first.describe(), common.manifest_diff(common.manifest(output), fixture.manifest["A"]))):
            return
        state = "A"
        # Random delays spread evenly over [0, full build time] (stratified, in random order); then
        # kills aimed at publishing: "staging" kills wait for the staging folder and kill within its
        # lifetime, "commit" kills wait for the marker in the staging folder (written just before
        # the swap) and kill within a few milliseconds.
        # The delay is a fraction of the current estimate of a full build, which is the median of
        # this job's own recent builds (they may run slower than the clean ones: the suite runs
        # two jobs side by side).
        fractions = [(k + random.random()) / random_kills for k in range(random_kills)]
        random.shuffle(fractions)
        schedule = [("random", f) for f in fractions]
        for k in range(publish_kills):
            if k % 2 == 0:
                schedule.append(("staging", random.random() * max(0.02, fixture.staging_seconds)))
            else:
                schedule.append(("commit", random.random() * 0.01))
        seen = {"A": 0, "B": 0}
        durations = [first.elapsed]

        def estimate():
            recent = sorted(durations[-5:])
            return recent[len(recent) // 2]

        for number, (kind, delay) in enumerate(schedule, 1):
            target = "B" if state == "A" else "A"
            name = "%s-kill-%02d" % (kind, number)
            running = common.Running(common.build_argv(fixture.site[target], output))
            note = ""
            if kind == "random":
                delay = delay * estimate()
                time.sleep(delay)
            else:
                ready = common.staging_exists if kind == "staging" else marker_in_staging
                deadline = time.monotonic() + fixture.full * 4 + 10
                while not ready(output) and not running.poll() and time.monotonic() < deadline:
                    time.sleep(0.0002)
                note = ("%s seen, " if ready(output) else "%s never seen, ") % ("staging folder" if kind == "staging" else "marker in staging")
                time.sleep(delay)
            finished_first = running.poll()
            running.signal(signal.SIGKILL)
            result = running.wait()
            ended_alone = finished_first and result.killed_by is None
            what = "%s%s %.3f s" % (note, "finished before the kill at" if ended_alone else "killed after", delay)
            if kind == "random":
                what += " (%.0f%% of a build)" % (100 * delay / max(estimate(), 0.001))
            if ended_alone and result.returncode != 0:
                reporter.fail(name + "-ended-alone", "the build of %s failed by itself before the kill: %s" % (target, result.describe()))
            found = common.manifest(output)
            published = fixture.name_of(found)
            if published is None:
                closest = min("AB", key=lambda k: 0 if found is None else len(set(found.items()) ^ set(fixture.manifest[k].items())))
                reporter.fail(name, "building %s (%s): the published folder is neither A nor B; against %s: %s; leftovers: %s"
                              % (target, what, closest, common.manifest_diff(found, fixture.manifest[closest]), common.leftovers(output)))
            elif published not in (state, target):
                reporter.fail(name, "published %s, expected %s or %s (%s)" % (published, state, target, what))
            else:
                reporter.ok(name, "building %s, %s: published = %s, %d leftover(s)" % (target, what, published, len(common.leftovers(output))))
                seen[published] += 1
            # The next normal build succeeds, publishes the target and leaves nothing beside it.
            again = common.build(fixture.site[target], output)
            if again.returncode == 0:
                durations.append(again.elapsed)
            found = common.manifest(output)
            rest = common.leftovers(output)
            problems = []
            if again.returncode != 0:
                problems.append("the build after the kill failed: %s" % again.describe())
            if found != fixture.manifest[target]:
                problems.append("it did not publish %s: %s" % (target, common.manifest_diff(found, fixture.manifest[target])))
            if rest:
                problems.append("leftovers beside the output after a successful build: %s" % ", ".join(rest))
            reporter.check(name + "-recovery", not problems, "; ".join(problems), "rebuilt %s in %.2f s, no leftovers" % (target, again.elapsed))
            state = target
        reporter.info("after the kills the folder held: A %d times, B %d times" % (seen["A"], seen["B"]))
