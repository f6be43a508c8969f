#!/usr/bin/env python3
"""Phones and subscribing, in headless Chromium: the bundled site plus fixtures with a long URL, a
wide table and a long product label (Tests/Browser/fixtures/), built with the real binary and
served under the documented Content-Security-Policy.

At 320, 375 and 1280 px: no page is wider than the viewport, axe-core finds nothing, the product
picker's chosen label is readable, the product choice is within the first phone screen, a wide
table is a keyboard-focusable region with a name. The subscribe pages: links present, `webcal://`
correct for the product, the copy button copies. Ends with `N passed, N failed`.

    python3 Tests/Browser/layout.py [--binary PATH] [-k SUBSTRING] [--screenshots DIR]
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402
from run import check, equal, open_page, run_axe, wait, AXE_VERSIONS  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
WIDTHS = [320, 375, 1280]
LONG_PRODUCT = "mitgliederverwaltung-plus"
PAGES = ["", "meldungen/", "meldungen/2026/", "meldungen/2026/rechenzentrum-umzug/", "meldungen/2016/mail-hotmail/",
         "produkte/", "produkte/" + LONG_PRODUCT + "/", "produkte/drkcms-v6/", "kategorien/stoerung/",
         "abonnieren/", "produkte/" + LONG_PRODUCT + "/abonnieren/", "404.html"]
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def fixture_site():
    """content/ and templates/ of the repository plus the fixtures, in a temp folder."""
    root = tempfile.mkdtemp(prefix="notices-layout-")
    shutil.copytree(os.path.join(support.ROOT, "content"), os.path.join(root, "content"))
    shutil.copytree(os.path.join(support.ROOT, "templates"), os.path.join(root, "templates"))
    with open(os.path.join(FIXTURES, "products-extra.yml"), encoding="utf-8") as f:
        extra = f.read()
    with open(os.path.join(root, "content", "products.yml"), "a", encoding="utf-8") as f:
        f.write("\n" + extra)
    for name in os.listdir(os.path.join(FIXTURES, "notices")):
        shutil.copy(os.path.join(FIXTURES, "notices", name), os.path.join(root, "content", "notices", "2026", name))
    return root


def viewport(ctx, width):
    support.set_viewport(ctx.driver, width, 700 if width < 1000 else 900, mobile=width < 1000)


def page_width(driver):
    return driver.execute_script("return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


@test
def no_horizontal_overflow(ctx):
    """No page is wider than the viewport, whatever the content (long URL, wide table, long label)."""
    problems = []
    for width in WIDTHS:
        viewport(ctx, width)
        for path in PAGES:
            d = open_page(ctx, path + ("?produkt=" + LONG_PRODUCT if path == "" else ""))
            wide = page_width(d)
            if wide > width:
                culprit = d.execute_script("""
                  var w = arguments[0], worst = null;
                  document.querySelectorAll('body *').forEach(function (el) {
                    var r = el.getBoundingClientRect();
                    if (r.right > w + 1 && (!worst || r.right > worst.r)) worst = {r: r.right, t: el.tagName + '.' + el.className};
                  });
                  return worst && worst.t;""", width)
                problems.append(f"{path or 'home'} at {width}px is {wide}px wide ({culprit})")
    check(not problems, "; ".join(problems))


@test
def axe_at_every_width(ctx):
    """axe-core finds nothing on the fixture pages at 320, 375 and 1280 px."""
    for width in WIDTHS:
        viewport(ctx, width)
        for path in ["?produkt=" + LONG_PRODUCT, "meldungen/2026/rechenzentrum-umzug/", "produkte/" + LONG_PRODUCT + "/",
                     "produkte/" + LONG_PRODUCT + "/abonnieren/"]:
            open_page(ctx, path)
            run_axe(ctx.driver, f"{path or 'home'} at {width}px")


READABLE = """
var select = document.querySelector('[data-filter] [name=produkt]');
var o = select.options[select.selectedIndex], style = getComputedStyle(select);
var canvas = document.createElement('canvas').getContext('2d');
canvas.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
var inner = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
var status = document.querySelector('.filter__status');
return {label: o.textContent, fits: canvas.measureText(o.textContent).width <= inner,
        shown: status.offsetParent !== null ? status.textContent : '',
        right: select.getBoundingClientRect().right, top: select.getBoundingClientRect().top,
        heading: document.querySelector('h1').textContent.trim()};
"""


@test
def picker_label_readable(ctx):
    """The chosen product's full label is readable: in the picker, or in full in the line below it."""
    label = ctx.labels[LONG_PRODUCT]
    for width in WIDTHS:
        viewport(ctx, width)
        for path in ["", "meldungen/", "produkte/" + LONG_PRODUCT + "/"]:
            d = open_page(ctx, path + "?produkt=" + LONG_PRODUCT)
            wait(d, lambda d: d.execute_script("var s=document.querySelector('[data-filter] [name=produkt]');return !s.closest('form').hidden && s.value") == LONG_PRODUCT, "picker shows the chosen product")
            r = d.execute_script(READABLE)
            equal(r["label"], label, f"{path or 'home'} at {width}px: chosen option text")
            check(r["right"] <= width, f"{path or 'home'} at {width}px: picker is cut off at the right")
            # A product's own page names the product in its heading right above the picker.
            own_page = path.startswith("produkte/") and r["heading"] == label
            check(r["fits"] or label in r["shown"] or own_page, f"{path or 'home'} at {width}px: the label is cut off and not repeated in full below")


@test
def product_choice_on_first_phone_screen(ctx):
    """On a phone the product picker is within the first screen of the home page, and the header is compact."""
    for width in (320, 375):
        viewport(ctx, width)
        d = open_page(ctx, "", )
        wait(d, lambda d: d.execute_script("return !document.querySelector('[data-filter]').hidden"), "filter shown")
        top = d.execute_script("return document.querySelector('[data-filter] [name=produkt]').getBoundingClientRect().bottom")
        header = d.execute_script("return document.querySelector('.site-header').getBoundingClientRect().height")
        check(top <= 700, f"home at {width}px: product picker ends at {top:.0f}px, below the first 700px screen")
        check(header <= 160, f"home at {width}px: header is {header:.0f}px tall")


@test
def wide_table_is_focusable_region(ctx):
    """A wide table scrolls inside a region that takes keyboard focus and has a name."""
    viewport(ctx, 375)
    d = open_page(ctx, "meldungen/2026/rechenzentrum-umzug/")
    info = d.execute_script("""
      var t = document.querySelector('.prose table'), box = t.closest('[tabindex]');
      return box && {tab: box.getAttribute('tabindex'), role: box.getAttribute('role'), label: box.getAttribute('aria-label') || '',
                     scrolls: box.scrollWidth > box.clientWidth};""")
    check(info, "the table has no focusable scroll container")
    equal(info["tab"], "0", "tabindex of the table's scroll region")
    equal(info["role"], "region", "role of the table's scroll region")
    check(info["label"], "the table's scroll region has no name")
    check(info["scrolls"], "the fixture table does not overflow at 375px (the test would prove nothing)")
    aligned = d.execute_script("return [].map.call(document.querySelectorAll('.prose thead th'), function (th) { return th.className + '|' + getComputedStyle(th).textAlign; })")
    check(not d.execute_script("return document.querySelector('.prose [align]')"), "table cells still carry align=")
    check(aligned[1].endswith("center") and aligned[2].endswith("right"), f"column alignment lost: {aligned[:3]}")


@test
def subscribe_page_links(ctx):
    """A product's subscribe page: calendar by webcal:// and https, feed, JSON; the site page too."""
    d = open_page(ctx, "produkte/" + LONG_PRODUCT + "/abonnieren/")
    host = support.BASE_URL.split("://", 1)[1]
    links = d.execute_script("return [].map.call(document.querySelectorAll('main a[href]'), function (a) { return a.getAttribute('href'); })")
    webcal = "webcal://" + host + "produkte/" + LONG_PRODUCT + "/wartung.ics"
    check(webcal in links, f"no {webcal} link in {links}")
    https_calendar = support.BASE_URL + "produkte/" + LONG_PRODUCT + "/wartung.ics"
    fields = d.execute_script("return [].map.call(document.querySelectorAll('main input[readonly]'), function (i) { return i.value; })")
    check(https_calendar in fields, f"the https address {https_calendar} is not offered for copying: {fields}")
    check(support.BASE_URL + "produkte/" + LONG_PRODUCT + "/feed.xml" in fields, f"the feed address is not offered: {fields}")
    check(any("calendar.google.com" in link for link in links), "no Google Calendar link")
    heading = d.find_element(By.CSS_SELECTOR, "h1").text
    check("Benachrichtigungen abonnieren" in heading, f"heading {heading!r}")
    d = open_page(ctx, "abonnieren/")
    links = d.execute_script("return [].map.call(document.querySelectorAll('main a[href]'), function (a) { return a.getAttribute('href'); })")
    check("webcal://" + host + "wartung.ics" in links, f"site subscribe page has no webcal link: {links}")
    for path in ["", "produkte/" + LONG_PRODUCT + "/"]:
        d = open_page(ctx, path)
        hrefs = d.execute_script("return [].map.call(document.querySelectorAll('main a[href]'), function (a) { return a.getAttribute('href'); })")
        check(any(h.endswith("abonnieren/") for h in hrefs), f"{path or 'home'} does not link its subscribe page")


@test
def subscribe_copy_button(ctx):
    """The copy button puts the https address on the clipboard and says so."""
    d = open_page(ctx, "produkte/" + LONG_PRODUCT + "/abonnieren/")
    d.execute_cdp_cmd("Browser.grantPermissions", {"origin": ctx.base.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    button = wait(d, lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, "[data-copy]") if b.is_displayed()], "copy button shown")[0]
    target = d.execute_script("return document.getElementById(arguments[0].getAttribute('data-copy')).value", button)
    d.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()
    wait(d, lambda d: d.execute_script("return arguments[0].getAttribute('data-copied') === 'true'", button), "button reports the copy")
    copied = d.execute_async_script("var done = arguments[0]; navigator.clipboard.readText().then(done, function (e) { done('ERR ' + e); });")
    equal(copied, target, "clipboard contents")


@test
def subscribe_without_javascript(ctx):
    """Without JavaScript the subscribe page still offers every address; only the copy button is missing."""
    d = support.chrome(javascript=False)
    try:
        d.get(ctx.base + "produkte/" + LONG_PRODUCT + "/abonnieren/")
        links = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "main a[href]")]
        check(any(h.startswith("webcal://") for h in links), "no webcal link without JavaScript")
        check(not [b for b in d.find_elements(By.CSS_SELECTOR, "[data-copy]") if b.is_displayed()], "copy button shown without JavaScript")
    finally:
        d.quit()


@test
def feed_autodiscovery(ctx):
    """Every page names the feed of its product (product pages, their subscribe page, notices of one product)."""
    for path, feed in [("produkte/" + LONG_PRODUCT + "/", "produkte/" + LONG_PRODUCT + "/feed.xml"),
                       ("produkte/" + LONG_PRODUCT + "/abonnieren/", "produkte/" + LONG_PRODUCT + "/feed.xml"),
                       ("meldungen/2026/wartung-mitgliederverwaltung/", "produkte/" + LONG_PRODUCT + "/feed.xml"),
                       ("", "feed.xml")]:
        d = open_page(ctx, path)
        hrefs = d.execute_script("return [].map.call(document.querySelectorAll('link[rel=alternate]'), function (l) { return l.href; })")
        check(any(h.endswith("/" + feed) for h in hrefs), f"{path or 'home'}: no alternate link to {feed} in {hrefs}")


def screenshots(ctx, folder):
    os.makedirs(folder, exist_ok=True)
    viewport(ctx, 375)
    for path in ["", "meldungen/2026/rechenzentrum-umzug/", "produkte/" + LONG_PRODUCT + "/", "produkte/" + LONG_PRODUCT + "/abonnieren/"]:
        d = open_page(ctx, path + ("?produkt=" + LONG_PRODUCT if path == "" else ""))
        time.sleep(0.3)
        height = d.execute_script("return document.documentElement.scrollHeight")
        support.set_viewport(d, 375, min(height, 2400), mobile=True)
        name = (path.strip("/").replace("/", "_") or "home") + "-375.png"
        d.save_screenshot(os.path.join(folder, name))
        viewport(ctx, 375)
        print("shot   " + os.path.join(folder, name))


class Context:
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="the notices binary (default: swift build --product notices)")
    parser.add_argument("-k", dest="only", help="run only tests whose name contains this")
    parser.add_argument("--screenshots", help="also save 375 px screenshots into this folder")
    args = parser.parse_args()
    started = time.monotonic()
    binary = support.find_binary(args.binary)
    site = fixture_site()
    passed = failed = 0
    try:
        work, site_dir = support.build_site(binary, site)
        import json
        with open(os.path.join(site_dir, "catalog.json"), encoding="utf-8") as f:
            labels = {p["id"]: p["label"] for p in json.load(f)["products"]}
        with support.Server(site_dir) as base:
            ctx = Context()
            ctx.base, ctx.labels = base, labels
            ctx.driver = support.chrome()
            try:
                passed, failed = support.run_tests(
                    TESTS, ctx, args.only,
                    after_each=lambda ctx: ctx.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {}))
                if args.screenshots:
                    screenshots(ctx, args.screenshots)
            finally:
                ctx.driver.quit()
        for note in sorted(AXE_VERSIONS):
            print("note   " + note)
        shutil.rmtree(work, ignore_errors=True)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    print(f"time   {time.monotonic() - started:.1f} s")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
