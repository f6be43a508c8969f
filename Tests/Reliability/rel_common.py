"""Shared helpers for the reliability suite: running the binary, temporary sites, manifests,
reporting. Python 3 standard library only (the parsing checks in t_injection.py need html5lib
and icalendar; see run.py)."""
import datetime
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SHARED = os.path.abspath(os.path.join(REPO, "..", "shared"))
GEN_CORPUS = os.path.join(REPO, "Benchmarks", "gen_corpus.py")  # the repository's copy of the shared generator

# The fixed build moment every test passes (or its SOURCE_DATE_EPOCH equivalent).
NOW = "2026-11-29T12:00:00+01:00"
NOW_EPOCH = int(datetime.datetime.fromisoformat(NOW).timestamp())  # 2026-11-29T11:00:00Z

# `path:line:col: error: …`, `path: error: …` for a file as a whole (line and col None), or
# `notices: error: …` when no file is to blame (path "notices").
ERROR_LINE = re.compile(r"^(?P<path>[^\n:]+)(?::(?P<line>\d+):(?P<col>\d+))?: error: (?P<message>.*)$", re.M)


def place(error):
    """Where an error of `Result.errors` is, as printed: `path:line:col`, or `path` alone."""
    return error["path"] if error["line"] is None else "%s:%s:%s" % (error["path"], error["line"], error["col"])


class Config:
    """Set once by run.py."""
    binary = os.path.join(REPO, ".build", "debug", "notices")
    templates = os.path.join(REPO, "templates")
    quick = False
    keep = False
    tmp_root = None  # parent of every temporary folder (default: the system's)


# --- reporting ----------------------------------------------------------------------------------

_print_lock = threading.Lock()
_counts = {"passed": 0, "failed": 0, "skipped": 0}
_failures = []


def emit(line):
    with _print_lock:
        print(line, flush=True)


class Reporter:
    """Named checks of one test; prints `PASS name: detail` / `FAIL name: reason`."""

    def __init__(self, test):
        self.test = test

    def check(self, name, ok, reason="", detail=""):
        full = "%s/%s" % (self.test, name)
        with _print_lock:
            if ok:
                _counts["passed"] += 1
                print("PASS %s%s" % (full, (": " + detail) if detail else ""), flush=True)
            else:
                _counts["failed"] += 1
                _failures.append((full, reason))
                print("FAIL %s: %s" % (full, reason), flush=True)
        return ok

    def ok(self, name, detail=""):
        return self.check(name, True, detail=detail)

    def fail(self, name, reason):
        return self.check(name, False, reason)

    def skip(self, name, reason):
        with _print_lock:
            _counts["skipped"] += 1
            print("SKIP %s/%s: %s" % (self.test, name, reason), flush=True)

    def info(self, text):
        emit("     %s: %s" % (self.test, text))

    def crashed(self, name="crashed"):
        self.fail(name, "the test itself raised:\n" + indent(traceback.format_exc()))


def counts():
    return dict(_counts)


def failures():
    return list(_failures)


def indent(text, prefix="       | "):
    text = text.rstrip("\n")
    return "\n".join(prefix + line for line in text.split("\n")) if text else prefix + "(empty)"


def clip(text, limit=1500):
    text = text if isinstance(text, str) else text.decode("utf-8", "replace")
    return text if len(text) <= limit else text[:limit] + "... [%d more characters]" % (len(text) - limit)


# --- temporary folders --------------------------------------------------------------------------

class TempDir:
    """A fresh temporary folder, removed afterwards unless --keep."""

    def __init__(self, tag):
        self.path = tempfile.mkdtemp(prefix="notices-rel-%s-" % tag, dir=Config.tmp_root)

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        self.cleanup()
        return False

    def cleanup(self):
        if not os.path.exists(self.path):
            return
        if not Config.keep:
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            emit("     (kept %s)" % self.path)


_cleanups = []


def at_end(function):
    """Runs `function` when the suite ends (for fixtures shared by several jobs)."""
    _cleanups.append(function)


def run_cleanups():
    while _cleanups:
        try:
            _cleanups.pop()()
        except Exception:
            pass


def write(path, data, mode=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)
    if mode is not None:
        os.chmod(path, mode)


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def copy_templates(site):
    shutil.copytree(Config.templates, os.path.join(site, "templates"))


DEFAULT_CATALOG = """\
- id: drkcms
  name: DRKCMS
  children:
    - { id: drkcms-v7, name: DRKCMS v7, since: 2017 }
    - { id: drkcms-v9, name: DRKCMS v9, since: 2019 }
- { id: jrkcms, name: JRKCMS }
"""


def notice(title="Testmeldung", date="2020-01-02", category="info", products="[drkcms-v7]", extra="",
           body="Ein Absatz mit genug Text, um als Zusammenfassung zu gelten.\n"):
    """A valid notice; `title` goes in as given (quote it yourself when needed)."""
    return "---\ntitle: %s\ndate: %s\ncategory: %s\nproducts: %s\n%s---\n%s" % (title, date, category, products, extra, body)


def make_site(root, notices=None, catalog=DEFAULT_CATALOG, settings=None, templates=True):
    """A minimal site: `notices` maps paths below content/notices/ to text or bytes."""
    os.makedirs(os.path.join(root, "content", "notices"), exist_ok=True)
    if catalog is not None:
        write(os.path.join(root, "content", "products.yml"), catalog)
    if settings is not None:
        write(os.path.join(root, "content", "site.yml"), settings)
    for relative, text in (notices or {}).items():
        write(os.path.join(root, "content", "notices", relative), text)
    if templates:
        copy_templates(root)
    return root


def gen_corpus(out, count, seed, templates=True):
    """`Benchmarks/gen_corpus.py --count N --seed S --out DIR --no-status` plus the theme."""
    if not os.path.exists(GEN_CORPUS):
        raise RuntimeError("corpus generator not found at %s" % GEN_CORPUS)
    subprocess.run([sys.executable, GEN_CORPUS, "--count", str(count), "--seed", str(seed), "--out", out, "--no-status"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if templates:
        copy_templates(out)
    return out


# --- running the binary -------------------------------------------------------------------------

class Result:
    def __init__(self, argv, returncode, stdout, stderr, elapsed, maxrss_kb, timed_out=False, killed_by=None, rss_measured=False):
        self.argv = argv
        self.rss_measured = rss_measured
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.elapsed = elapsed
        self.maxrss_kb = maxrss_kb
        self.timed_out = timed_out
        self.killed_by = killed_by

    @property
    def errors(self):
        return [m.groupdict() for m in ERROR_LINE.finditer(self.stderr)]

    def describe(self):
        if self.timed_out:
            status = "timed out"
        elif self.killed_by:
            status = "killed by signal %d" % self.killed_by
        else:
            status = "exit %s" % self.returncode
        rss = ", peak RSS %d MB" % (self.maxrss_kb // 1024) if self.rss_measured else ""
        return "%s after %.2f s%s; stderr:\n%s" % (status, self.elapsed, rss, indent(clip(self.stderr)))


def clean_env(extra=None, drop=()):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("NOTICES_") and k != "SOURCE_DATE_EPOCH" and k != "RELIABILITY_SEED" and k not in drop}
    # The suites look for English message fragments; the sites they build are German.
    env["NOTICES_MESSAGES"] = "en"
    env.update(extra or {})
    return env


def build_argv(site, output=None, now=NOW, jobs=None, extra_args=()):
    argv = [Config.binary, "build", "--site", site]
    if output is not None:
        argv += ["--output", output]
    if now is not None:
        argv += ["--now", now]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    return argv + list(extra_args)


class Running:
    """A process started in the background; stdout/stderr go to files (no pipe can fill up), and
    its own resource usage (wall time, peak RSS) is read with wait4."""

    def __init__(self, argv, env=None, cwd=None):
        self.argv = argv
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        self.start = time.monotonic()
        self.process = subprocess.Popen(argv, stdout=self._out, stderr=self._err, stdin=subprocess.DEVNULL,
                                        env=env if env is not None else clean_env(), cwd=cwd)
        self.pid = self.process.pid
        self._status = None
        self._rusage = None
        self.end = None

    def poll(self):
        if self._status is None:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self._status, self._rusage, self.end = status, rusage, time.monotonic()
                self.process.returncode = os.waitstatus_to_exitcode(status)
        return self._status is not None

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.poll():
            if deadline is not None and time.monotonic() > deadline:
                self.signal(signal.SIGKILL)
                _, status, rusage = os.wait4(self.pid, 0)
                self._status, self._rusage, self.end = status, rusage, time.monotonic()
                self.process.returncode = os.waitstatus_to_exitcode(status)
                return self._result(timed_out=True)
            time.sleep(0.002)
        return self._result()

    def signal(self, signum):
        if self._status is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def _result(self, timed_out=False):
        def text(handle):
            handle.seek(0)
            return handle.read().decode("utf-8", "replace")
        killed_by = os.WTERMSIG(self._status) if os.WIFSIGNALED(self._status) else None
        code = os.WEXITSTATUS(self._status) if os.WIFEXITED(self._status) else None
        return Result(self.argv, code, text(self._out), text(self._err), self.end - self.start,
                      self._rusage.ru_maxrss, timed_out=timed_out, killed_by=killed_by)


# A small, fresh Python forks the build and reads its rusage with wait4. Measuring the build as a
# direct child of this (large) process would not work: Linux keeps the pre-exec peak RSS of a
# forked (or vforked) child, so every build would show this process's own peak.
_MEASURE = r"""
import json, os, sys, time
out = sys.argv[1]
start = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(out, "w") as handle:
    json.dump({"status": status, "elapsed": time.monotonic() - start, "maxrss_kb": usage.ru_maxrss}, handle)
"""


def measured_run(argv, env=None, cwd=None, kill_after=10.0):
    """Runs argv and returns a Result whose elapsed and maxrss_kb are the build's own; the build is
    killed after `kill_after` seconds (timed_out)."""
    import json as _json
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "usage.json")
        out = open(os.path.join(scratch, "out"), "w+b")
        err = open(os.path.join(scratch, "err"), "w+b")
        process = subprocess.Popen([sys.executable, "-S", "-c", _MEASURE, report] + list(argv), stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, env=env if env is not None else clean_env(), cwd=cwd, start_new_session=True)
        timed_out = False
        try:
            process.wait(kill_after + 1.0)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        out.close()
        err.close()
        if timed_out or not os.path.exists(report):
            return Result(argv, None, stdout, stderr, kill_after, 0, timed_out=True)
        with open(report) as handle:
            usage = _json.load(handle)
        status = usage["status"]
        killed_by = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        return Result(argv, code, stdout, stderr, usage["elapsed"], usage["maxrss_kb"], killed_by=killed_by,
                      timed_out=usage["elapsed"] > kill_after, rss_measured=True)


def run(argv, env=None, cwd=None, timeout=300):
    return Running(argv, env=env, cwd=cwd).wait(timeout)


def build(site, output=None, now=NOW, jobs=None, env=None, cwd=None, timeout=300, extra_args=()):
    return run(build_argv(site, output, now, jobs, extra_args), env=env, cwd=cwd, timeout=timeout)


# --- manifests ----------------------------------------------------------------------------------

def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(folder, exclude=()):
    """{relative path: 'file <sha256> <mode>' | 'dir' | 'link <target>'} for everything below
    `folder`, hidden files included; None when the folder does not exist. `exclude` names top-level
    entries to leave out."""
    if not os.path.isdir(folder):
        return None
    result = {}
    for current, dirs, files in os.walk(folder, followlinks=False):
        relative_dir = os.path.relpath(current, folder)
        for name in list(dirs):
            path = os.path.join(current, name)
            relative = os.path.normpath(os.path.join(relative_dir, name))
            if relative_dir == "." and name in exclude:
                dirs.remove(name)
                continue
            if os.path.islink(path):
                result[relative] = "link " + os.readlink(path)
                dirs.remove(name)
            else:
                result[relative] = "dir"
        for name in files:
            relative = os.path.normpath(os.path.join(relative_dir, name))
            if relative_dir == "." and name in exclude:
                continue
            path = os.path.join(current, name)
            if os.path.islink(path):
                result[relative] = "link " + os.readlink(path)
            else:
                result[relative] = "file %s %o" % (sha256_file(path), os.stat(path).st_mode & 0o7777)
    return result


def manifest_diff(actual, expected, limit=6):
    if actual is None:
        return "the folder does not exist"
    if expected is None:
        return "expected no folder, found one with %d entries" % len(actual)
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(k for k in set(actual) & set(expected) if actual[k] != expected[k])
    parts = []
    for label, items in (("missing", missing), ("unexpected", extra), ("changed", changed)):
        if items:
            parts.append("%d %s (%s%s)" % (len(items), label, ", ".join(items[:limit]), ", ..." if len(items) > limit else ""))
    return "; ".join(parts) or "identical"


def leftovers(output):
    """Staging and old folders a build left beside `output`."""
    parent, name = os.path.split(os.path.abspath(output))
    prefixes = (".%s.notices-staging-" % name, ".%s.notices-old-" % name)
    try:
        return sorted(n for n in os.listdir(parent) if n.startswith(prefixes))
    except FileNotFoundError:
        return []


def staging_exists(output):
    parent, name = os.path.split(os.path.abspath(output))
    prefix = ".%s.notices-staging-" % name
    try:
        return any(n.startswith(prefix) for n in os.listdir(parent))
    except FileNotFoundError:
        return False


def rng(name):
    """A random generator seeded from RELIABILITY_SEED (printed by run.py) and the test name."""
    return random.Random("%s/%s" % (os.environ.get("RELIABILITY_SEED", "0"), name))


def find_error(result, path, *fragments):
    """(ok, reason): exit 1 and an error line for `path` whose message holds every fragment."""
    if result.timed_out or result.killed_by:
        return False, "expected exit 1 with an error for %s; %s" % (path, result.describe())
    if result.returncode != 1:
        return False, "expected exit 1 with an error for %s; got %s" % (path, result.describe())
    for error in result.errors:
        if error["path"] == path and all(f.lower() in error["message"].lower() for f in fragments):
            return True, "%s: %s" % (place(error), error["message"])
    return False, "exit 1, but no 'path[:line:col]: error:' line for %s containing %s; stderr:\n%s" % (
        path, " and ".join(repr(f) for f in fragments), indent(clip(result.stderr)))
