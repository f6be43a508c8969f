#!/usr/bin/env python3
"""Browser tests of the product status (issue 17) in headless Chromium, with the real binary:

- the banner `assets/embed.js` on a host page of a second origin on loopback, under a strict
  CSP that allows only the notices origin (script-src, connect-src): for `drkcms-v6-kv` it shows
  the ongoing disruption tagged `drkcms-v6` with its title and link within 2 s; for `drkcms-v7`
  nothing; `data-quiet="false"` + `data-lang="en"` gives one English line; no console errors,
  no CSP violations (and a host page whose CSP forgets connect-src does report one, so the check
  can fail); axe-core finds no violations in the banner (open Shadow DOM); no globals;
- the site's own pages: a product page built before a change offers "Neue Informationen
  verfügbar – Seite aktualisieren" and does not reload on its own; a current page offers
  nothing; the button reloads; a notice page (no built-in revision) offers it once status.json
  changes while it is open.

    python3 Tests/Browser/status_banner.py [--binary PATH]

The notices site is built from a temporary copy of the bundled site (content/ + templates/) with
one extra notice, and served with the headers of docs/deploy.md (CORS on JSON and the banner
script, the site's own CSP). Ends with `N passed, N failed`; exits 1 on any failure.
"""
import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

NOW = support.NOW
DISRUPTION = """---
title: "KV-Vorlage <Formulare> & Login gestört"
date: 2026-11-29T09:00
category: stoerung
products: [drkcms-v6]
status: ongoing
impact: critical
---
Die Anmeldung an Websites mit DRKCMS v6 ist gestört.
"""
LATER = """---
title: Neue Störung nach dem Aufruf der Seite
date: 2026-11-29T10:00
category: stoerung
products: [drkcms-v6]
status: ongoing
---
Eine weitere Störung.
"""
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


Failure = support.Failure


def check(condition, message):
    if not condition:
        raise Failure(message)


def wait(driver, condition, message, timeout=10):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d))
    except Exception:
        raise Failure("timed out after %.1f s: %s" % (timeout, message))


class NoticesHandler(support.Handler):
    """The notices site as docs/deploy.md serves it: its own CSP, CORS on what other sites read."""

    def end_headers(self):
        path = self.path.split("?")[0]
        if path.endswith(".json") or path.endswith("/status.svg") or path == "/assets/embed.js":
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """The CMS admin on another origin: a strict CSP naming only the notices origin."""
    csp = ""

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.csp)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


def serve(handler, directory):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=directory))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, "http://127.0.0.1:%d/" % httpd.server_address[1]


def host_page(notices, product, extra="", title="Verwaltung"):
    return f"""<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
<main>
<h1>{title}</h1>
<p>Willkommen in der Verwaltung Ihrer Website.</p>
<script src="{notices}assets/embed.js" data-product="{product}"{extra} defer></script>
</main>
</body>
</html>
"""


def banner(driver):
    """What the banner shows: None without a host element, else its text and links."""
    return driver.execute_script("""
        const host = document.querySelector('[data-notices-status]');
        if (!host || !host.shadowRoot) return null;
        const box = host.shadowRoot.querySelector('[role=status]');
        return {text: box ? box.textContent : '', lang: box ? box.getAttribute('lang') : null,
                links: Array.from(host.shadowRoot.querySelectorAll('a')).map(a => [a.textContent, a.href])};
    """)


def requested(driver, name):
    return driver.execute_script(
        "return performance.getEntriesByType('resource').some(e => new URL(e.name).pathname.endsWith(arguments[0]))", name)


def severe(ctx):
    ctx.logs += ctx.driver.get_log("browser")
    found = [e["message"] for e in ctx.logs if e.get("level") == "SEVERE"]
    ctx.logs = []
    return found


def run_axe(driver, what):
    engines = []
    try:
        from axe_core_python.selenium import Axe as CoreAxe
        engines.append(("axe-core-python", lambda d: CoreAxe().run(d)))
    except ImportError:
        pass
    try:
        from axe_selenium_python import Axe as SeleniumAxe

        def old(d):
            axe = SeleniumAxe(d)
            axe.inject()
            return axe.run()
        engines.append(("axe-selenium-python", old))
    except ImportError:
        pass
    check(engines, "no axe-core engine installed (pip install axe-core-python axe-selenium-python)")
    for name, engine in engines:
        result = engine(driver)
        violations = result["violations"]
        passes = [p["id"] for p in result.get("passes", [])]
        version = result.get("testEngine", {}).get("version") or driver.execute_script("return window.axe && axe.version")
        AXE.add("%s (axe-core %s)" % (name, version))
        check(not violations, "%s: axe-core %s: %s" % (what, version, "; ".join(
            "%s at %s" % (v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations)))
        check("color-contrast" in passes or "color-contrast" in [i["id"] for i in result.get("incomplete", [])],
              "%s: axe did not look at colour contrast" % what)


AXE = set()


@test
def banner_shows_the_disruption_within_two_seconds(ctx):
    d = ctx.driver
    started = time.monotonic()
    d.get(ctx.host + "v6-kv.html")
    shown = wait(d, lambda d: (b := banner(d)) and b["links"] and b, "the banner for drkcms-v6-kv", timeout=2)
    elapsed = time.monotonic() - started
    title = "KV-Vorlage <Formulare> & Login gestört"
    check(title in shown["text"], "banner text %r lacks the title" % shown["text"])
    check("Ausfall" in shown["text"] and "DRKCMS v6 (ab 2014) KV-Vorlage" in shown["text"], "state or label missing: %r" % shown["text"])
    check([title, support.BASE_URL + "meldungen/2026/embed-test/"] in shown["links"], "no link to the notice: %r" % shown["links"])
    check(any(href == support.BASE_URL + "produkte/drkcms-v6-kv/" for _, href in shown["links"]), "no link to the product")
    label = d.execute_script("return document.querySelector('[data-notices-status]').shadowRoot.querySelector('[role=status]').getAttribute('aria-label')")
    check(label == "Meldungen zu DRKCMS v6 (ab 2014) KV-Vorlage", "aria-label %r" % label)
    ctx.notes.append("banner shown %.2f s after navigation started" % elapsed)
    # Styles stay inside: the host page's text is not restyled, the banner's is.
    styled = d.execute_script("""
        const root = document.querySelector('[data-notices-status]').shadowRoot;
        return [root.adoptedStyleSheets.length, getComputedStyle(root.querySelector('.banner')).borderLeftWidth,
                getComputedStyle(document.querySelector('p')).borderLeftWidth];
    """)
    check(styled == [1, "6px", "0px"], "styles not isolated in the Shadow DOM: %r" % styled)


@test
def banner_defines_no_globals(ctx):
    d = ctx.driver
    d.get(ctx.host + "blank.html")
    banner(d)  # the same WebDriver calls on both pages, so the driver's own leftovers cancel out
    before = set(d.execute_script("return Object.getOwnPropertyNames(window)"))
    d.get(ctx.host + "v6-kv.html")
    wait(d, lambda d: (b := banner(d)) and b["links"], "the banner", timeout=2)
    after = set(d.execute_script("return Object.getOwnPropertyNames(window)"))
    check(after - before == set(), "globals added: %s" % sorted(after - before))


@test
def nothing_for_an_unaffected_product(ctx):
    d = ctx.driver
    d.get(ctx.host + "v7.html")
    wait(d, lambda d: requested(d, "/produkte/drkcms-v7/status.json") or (requested(d, "/status.json") and requested(d, "/status-texts.json")),
         "the banner script reading the status files", timeout=2)
    time.sleep(0.5)
    shown = banner(d)
    check(shown is None or shown["text"] == "", "something shown for drkcms-v7: %r" % shown)
    height = d.execute_script("const h = document.querySelector('[data-notices-status]'); return h ? h.getBoundingClientRect().height : 0")
    check(height == 0, "the banner takes %s px on the page" % height)


@test
def quiet_false_in_english_says_all_is_well(ctx):
    d = ctx.driver
    d.get(ctx.host + "v7-loud-en.html")
    shown = wait(d, lambda d: (b := banner(d)) and b["text"] and b, "the quiet line", timeout=2)
    check("DRKCMS v7 (ab 2017): no known issues" in shown["text"], "text %r" % shown["text"])
    check(shown["lang"] == "en", "lang %r" % shown["lang"])


@test
def no_console_errors_and_no_csp_violations(ctx):
    found = severe(ctx)
    check(found == [], "console errors: %s" % found)


@test
def a_policy_without_the_notices_origin_is_reported(ctx):
    """The console check can fail: a host page whose CSP lacks connect-src for the notices site."""
    d = ctx.driver
    d.get(ctx.other_host + "v6-kv.html")
    def violation(d):
        ctx.logs += d.get_log("browser")
        return any("Content Security Policy" in e["message"] for e in ctx.logs)
    wait(d, violation, "a CSP violation in the console", timeout=3)
    check(banner(d) is None or not banner(d)["links"], "banner shown although its requests are blocked")
    ctx.logs = []


@test
def axe_finds_nothing_in_the_banner(ctx):
    d = ctx.driver
    d.get(ctx.host + "v6-kv.html")
    wait(d, lambda d: (b := banner(d)) and b["links"], "the banner", timeout=2)
    run_axe(d, "host page with the banner")
    check(severe(ctx) == [], "console errors during axe")


@test
def an_old_page_offers_a_reload(ctx):
    d = ctx.driver
    d.get(ctx.base + "produkte/drkcms-v6/vorher.html")
    d.execute_script("window.notReloaded = true")
    box = wait(d, lambda d: d.execute_script(
        "const b = document.querySelector('.status-reload'); return b && b.getAttribute('role') === 'status' && b.textContent"),
        "the reload offer", timeout=5)
    check(box == "Neue Informationen verfügbar – Seite aktualisieren", "offer text %r" % box)
    time.sleep(0.5)
    check(d.execute_script("return window.notReloaded === true"), "the page reloaded on its own")
    run_axe(d, "product page with the reload offer")
    d.execute_script("document.querySelector('.status-reload button').click()")
    wait(d, lambda d: d.execute_script("return window.notReloaded === undefined && document.readyState === 'complete'"),
         "a reload after the click")
    check(severe(ctx) == [], "console errors on the site's own pages")


@test
def a_current_page_offers_nothing(ctx):
    d = ctx.driver
    d.get(ctx.base + "produkte/drkcms-v6/")
    wait(d, lambda d: requested(d, "/status.json"), "status.json read", timeout=3)
    time.sleep(0.7)
    check(d.execute_script("return document.querySelector('.status-reload')") is None, "reload offered on a current page")
    shown = d.execute_script("return document.querySelector('.status-block__state').textContent")
    check(shown.startswith("Ausfall"), "status block %r" % shown)
    run_axe(d, "product page with the status block")


@test
def a_page_without_a_revision_offers_a_reload_after_a_change(ctx):
    """Pages that do not show the status take the revision they see when they open."""
    d = ctx.driver
    d.get(ctx.base + "meldungen/2016/mail-hotmail/")
    check(d.execute_script("return document.body.hasAttribute('data-status-revision')") is False,
          "a notice page carries the status revision (every page would change with every state)")
    wait(d, lambda d: requested(d, "/status.json"), "status.json read", timeout=3)
    time.sleep(0.5)
    check(d.execute_script("return document.querySelector('.status-reload')") is None, "offered before anything changed")
    ctx.change_status()
    time.sleep(5.2)  # status.js checks at most every 5 s
    d.execute_script("window.dispatchEvent(new Event('focus'))")
    wait(d, lambda d: d.execute_script("return document.querySelector('.status-reload') !== null"), "the reload offer", timeout=5)
    check(severe(ctx) == [], "console errors")


def build(binary, site, out):
    result = subprocess.run([binary, "build", "--site", site, "--now", NOW, "--output", out], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("notices build failed:\n" + result.stdout + result.stderr)


class Context:
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="the notices binary (default: swift build --product notices)")
    parser.add_argument("-k", dest="only", help="run only tests whose name contains this")
    args = parser.parse_args()
    started = time.monotonic()
    binary = support.find_binary(args.binary)
    work = tempfile.mkdtemp(prefix="notices-status-browser-")
    passed = failed = 0
    try:
        site = os.path.join(work, "site")
        for folder in ("content", "templates"):
            shutil.copytree(os.path.join(support.ROOT, folder), os.path.join(site, folder))
        with open(os.path.join(site, "content", "notices", "2026", "embed-test.md"), "w", encoding="utf-8") as f:
            f.write(DISRUPTION)
        out = os.path.join(work, "out")
        # A page as built before the last change, kept beside the current one.
        build(binary, site, out)
        with open(os.path.join(out, "produkte", "drkcms-v6", "index.html"), "rb") as f:
            before = f.read()
        with open(os.path.join(site, "content", "notices", "2026", "later.md"), "w", encoding="utf-8") as f:
            f.write(LATER)
        shutil.rmtree(out)
        build(binary, site, out)
        with open(os.path.join(out, "produkte", "drkcms-v6", "vorher.html"), "wb") as f:
            f.write(before)

        def change_status():
            """A new disruption, published: only status.json matters to the open page."""
            with open(os.path.join(site, "content", "notices", "2026", "third.md"), "w", encoding="utf-8") as f:
                f.write(LATER.replace("Neue Störung nach dem Aufruf der Seite", "Dritte Störung").replace("[drkcms-v6]", "[jrkcms]"))
            newer = os.path.join(work, "newer")
            build(binary, site, newer)
            shutil.copyfile(os.path.join(newer, "status.json"), os.path.join(out, "status.json"))

        notices_httpd, notices = serve(NoticesHandler, out)
        hosts = os.path.join(work, "host")
        os.makedirs(hosts)
        pages = {"v6-kv.html": host_page(notices, "drkcms-v6-kv"), "v7.html": host_page(notices, "drkcms-v7"),
                 "v7-loud-en.html": host_page(notices, "drkcms-v7", ' data-quiet="false" data-lang="en"'),
                 "blank.html": host_page(notices, "drkcms-v6-kv").replace("<script", "<!--").replace("</script>", "-->")}
        for name, text in pages.items():
            with open(os.path.join(hosts, name), "w", encoding="utf-8") as f:
                f.write(text)
        origin = notices.rstrip("/")
        strict = type("StrictHost", (HostHandler,), {"csp": f"default-src 'none'; script-src {origin}; connect-src {origin}; base-uri 'none'; form-action 'none'"})
        lax = type("LaxHost", (HostHandler,), {"csp": f"default-src 'none'; script-src {origin}"})
        host_httpd, host = serve(strict, hosts)
        other_httpd, other_host = serve(lax, hosts)
        try:
            ctx = Context()
            ctx.base, ctx.host, ctx.other_host, ctx.logs, ctx.notes = notices, host, other_host, [], []
            ctx.change_status = change_status
            check(host.split(":")[-1] != notices.split(":")[-1], "host and notices share an origin")
            ctx.driver = support.chrome()
            try:
                passed, failed = support.run_tests(TESTS, ctx, args.only)
            finally:
                ctx.driver.quit()
            for note in ctx.notes + sorted(AXE):
                print("note   " + note)
        finally:
            for httpd in (notices_httpd, host_httpd, other_httpd):
                httpd.shutdown()
                httpd.server_close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"time   {time.monotonic() - started:.1f} s")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
