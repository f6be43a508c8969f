#!/usr/bin/env python3
"""End-to-end tests of the theme in headless Chromium against the bundled site.

Builds content/ + templates/ with `notices build --now 2026-11-29T12:00:00+01:00` into a temp
folder, serves it on 127.0.0.1 (a free port, strict Content-Security-Policy) and checks the product
filter, the search, the no-script path, accessibility (axe-core), responsiveness, print, page weight
and every internal link. Ends with `N passed, N failed`; exits 1 on any failure.

    python3 Tests/Browser/run.py [--binary PATH] [-k SUBSTRING]

Needs: apt-get install -y chromium chromium-driver; pip install selenium axe-selenium-python
"""
import argparse
import bisect
import datetime
import html.parser
import itertools
import json
import os
import re
import shutil
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


Failure = support.Failure


def collect_browser_log(ctx):
    try:
        ctx.logs += ctx.driver.get_log("browser")
    except Exception:
        pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def equal(actual, expected, what):
    if actual != expected:
        if isinstance(actual, (set, frozenset)) and isinstance(expected, (set, frozenset)):
            raise Failure(f"{what}: missing {sorted(expected - actual)}, unexpected {sorted(actual - expected)}")
        raise Failure(f"{what}: expected {expected!r}, got {actual!r}")


# ---- The built site as data (the generator's own view: JSON API and search index) -------------

class Site:
    def __init__(self, directory, base):
        self.dir = directory
        self.base = base
        self.settings_base = urllib.parse.urlparse(support.BASE_URL).path  # "/"
        with open(os.path.join(directory, "notices.json"), encoding="utf-8") as f:
            self.all = json.load(f)["notices"]
        with open(os.path.join(directory, "search.json"), encoding="utf-8") as f:
            self.manifest = json.load(f)
        self.entries = self.search_entries()
        self.products = {p["id"]: p for p in self.manifest["products"]}
        self.categories = {c["id"]: c["name"] for c in self.manifest["categories"]}
        self.product_ids = [p["id"] for p in self.manifest["products"]]

    def load(self, path):
        with open(os.path.join(self.dir, path), encoding="utf-8") as f:
            return json.load(f)

    def search_entries(self):
        """The search index read back into one record per notice: u, t, d, c, p, s, h (the heading
        terms). Checks that the term postings hold exactly the terms of each summary."""
        n, categories = self.manifest["notices"], self.manifest["categories"]
        texts = []
        for path in self.manifest["textShards"]["paths"]:
            texts += self.load(path)
        ids, summaries = [t[0] for t in texts], [t[1] for t in texts]
        terms = self.manifest["terms"]
        fields = [[set() for _ in n["title"]] for _ in range(2)]
        shards = self.manifest["termShards"]
        for k, shard in enumerate(shards):
            end = shards[k + 1]["first"] if k + 1 < len(shards) else len(terms)
            postings = self.load(shard["path"])
            if len(postings) != end - shard["first"]:
                raise Failure(f"{shard['path']}: {len(postings)} postings for {end - shard['first']} terms")
            for offset, per_field in enumerate(postings):
                for field, gaps in enumerate(per_field):
                    at = 0
                    for gap in gaps:
                        at += gap
                        fields[field][at].add(terms[shard["first"] + offset])
        for i, text in enumerate(summaries):
            if fields[1][i] != set(re.split(r"[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+", text)) - {""}:
                raise Failure(f"summary terms of {ids[i]} differ from its summary")
        days = list(itertools.accumulate(n["day"][:1] + [-gap for gap in n["day"][1:]]))
        return [{"u": self.manifest["url"].replace("{id}", ids[i]), "t": n["title"][i],
                 "d": (datetime.date(1970, 1, 1) + datetime.timedelta(days=days[i])).isoformat(),
                 "c": categories[c]["id"] if isinstance(c, int) else c, "p": self.manifest["reaches"][n["reach"][i]],
                 "s": summaries[i], "h": " ".join(sorted(fields[0][i]))} for i, c in enumerate(n["category"])]

    def path(self, absolute_url):
        """Server path of an absolute URL from the JSON API (base_url -> /)."""
        return "/" + urllib.parse.urlparse(absolute_url).path[len(self.settings_base):]

    def product_paths(self, product_id):
        """The notices the generator lists for a product, with roll-up (produkte/ID/notices.json)."""
        with open(os.path.join(self.dir, "produkte", product_id, "notices.json"), encoding="utf-8") as f:
            data = json.load(f)
        return {self.path(n["url"]) for n in data["notices"]}

    def by_path(self):
        return {self.path(n["url"]): n for n in self.all}


def fold(value):
    value = unicodedata.normalize("NFC", value or "").lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        value = value.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFD", value) if not ("\u0300" <= c <= "\u036f"))


def oracle(site, query, product=None, category=None, year=None):
    """Expected search hits, best first: every word in title (3), headings (2), summary or category name (1)."""
    words = fold(query).split()
    phrase = " ".join(words)
    index = site.product_ids.index(product) if product else None
    hits = []
    for e in site.entries:
        if category and e["c"] != category:
            continue
        if year and not e["d"].startswith(year):
            continue
        if index is not None and index not in e.get("p", []):
            continue
        t, h, s = fold(e["t"]), fold(e.get("h", "")), fold(e.get("s", ""))
        c = fold(site.categories.get(e["c"], ""))
        score = 0
        for w in words:
            one = (3 if w in t else 0) + (2 if w in h else 0) + (1 if w in s else 0) + (1 if w in c else 0)
            if not one:
                score = 0
                break
            score += one
        if not score:
            continue
        if len(words) > 1 and phrase in t:
            score += 3
        hits.append((score, e["d"], e))
    hits.sort(key=lambda h: (-h[0], tuple(-ord(c) for c in h[1]), h[2]["t"]))
    return ["/" + h[2]["u"] for h in hits]


# ---- Browser helpers -------------------------------------------------------------------------

ITEMS_JS = """
return Array.from(document.querySelectorAll('li[data-products]')).map(function (li) {
  var a = li.querySelector('a');
  return {path: new URL(a.getAttribute('href'), location.href).pathname, visible: !li.hidden && li.offsetParent !== null,
          current: !!li.closest('.notice-list--current'), category: li.getAttribute('data-category')};
});
"""


def items(driver):
    return driver.execute_script(ITEMS_JS)


def visible_paths(driver, current=None):
    return {i["path"] for i in items(driver) if i["visible"] and (current is None or i["current"] == current)}


def all_paths(driver, current=None):
    return {i["path"] for i in items(driver) if current is None or i["current"] == current}


def wait(driver, condition, message, timeout=10):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d))
    except Exception:
        raise Failure("timed out: " + message)


def open_page(ctx, path, clear_storage=False):
    d = ctx.driver
    d.get(ctx.base + path)
    if clear_storage:
        d.execute_script("window.localStorage.clear()")
        d.get(ctx.base + path)
    return filter_ready(d)


def filter_ready(d):
    """Waits for the page to load and its filter to show, which it does once catalog.json is in."""
    wait(d, lambda d: d.execute_script("return document.readyState") == "complete", "page load")
    wait(d, lambda d: d.execute_script("var f = document.querySelector('[data-filter]'); return !f || !f.hidden"), "filter ready")
    return d


def choose(driver, name, value):
    Select(driver.find_element(By.CSS_SELECTOR, f"[data-filter] [name={name}]")).select_by_value(value)


def status_text(driver):
    return driver.find_element(By.CSS_SELECTOR, ".filter__status").text.strip()


def stored(driver):
    return driver.execute_script("return window.localStorage.getItem('notices.produkt')")


def query_params(driver):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(driver.current_url).query))


def search(driver, query):
    """Types `query` into the header search; returns result paths once the count is announced."""
    field = driver.find_element(By.ID, "suche")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", field)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(query)
    expected_query = query.strip()

    def done(d):
        status = d.find_element(By.CSS_SELECTOR, ".search-results__status").text
        return ("Treffer" in status and f"„{expected_query}“" in status and "geladen" not in status and
                not d.find_elements(By.CSS_SELECTOR, ".search-results__list[aria-busy]"))

    wait(driver, done, f"search results for {query!r}")
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.search-results__list a')).map(a => new URL(a.href).pathname)")


def search_status(driver):
    return driver.find_element(By.CSS_SELECTOR, ".search-results__status").text.strip()


def axe_engines():
    """axe-core from axe-selenium-python (3.1 bundled) and, when installed, axe-core-python (4.x)."""
    engines = []
    from axe_selenium_python import Axe as SeleniumAxe

    def old(driver):
        axe = SeleniumAxe(driver)
        axe.inject()
        return axe.run()
    engines.append(("axe-selenium-python", old))
    try:
        from axe_core_python.selenium import Axe as CoreAxe
        engines.append(("axe-core-python", lambda driver: CoreAxe().run(driver)))
    except ImportError:
        pass
    return engines


def run_axe(driver, what):
    for name, engine in axe_engines():
        result = engine(driver)
        version = result.get("testEngine", {}).get("version", "?")
        if version == "?":
            version = driver.execute_script("return window.axe && axe.version") or "?"
        AXE_VERSIONS.add(f"{name} (axe-core {version})")
        violations = result["violations"]
        if violations:
            lines = []
            for v in violations:
                targets = [", ".join(str(t) for t in n["target"]) for n in v["nodes"][:3]]
                lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
            raise Failure(f"{what}: {len(violations)} violation(s) from axe-core {version}:\n    " + "\n    ".join(lines))


AXE_VERSIONS = set()


# ---- Product filter --------------------------------------------------------------------------

PRODUCTS = ["drkcms-v6-kv", "jrkcms-v6", "drkcms-v9", "drkcms", "drkcms-v6"]


def count_line(shown, total, label):
    verb = "betrifft" if shown == 1 else "betreffen"
    return f"{shown} von {total} Meldungen {verb} {label}"


@test
def product_filter_home(ctx):
    """Home: each product shows exactly the listed notices its roll-up covers, "Aktuelle Meldungen" too."""
    d = open_page(ctx, "", clear_storage=True)
    everything = all_paths(d)
    check(d.find_element(By.CSS_SELECTOR, "[data-filter]").is_displayed(), "filter form is shown with JavaScript")
    check(everything == visible_paths(d), "nothing is filtered before a choice")
    narrowed = 0
    for product in PRODUCTS:
        choose(d, "produkt", product)
        expected = ctx.site.product_paths(product)
        equal(visible_paths(d), everything & expected, f"home, {product}")
        equal(visible_paths(d, current=True), all_paths(d, current=True) & expected, f"home current, {product}")
        narrowed += visible_paths(d) != everything
        shown = len(everything & expected)
        equal(status_text(d), count_line(shown, len(everything), ctx.site.products[product]["label"]), "count line")
        hint = d.find_element(By.CSS_SELECTOR, ".filter__hint a")
        equal(urllib.parse.urlparse(hint.get_attribute("href")).path, f"/produkte/{product}/", "hint links the product index")
        equal(query_params(d).get("produkt"), product, "URL reflects the choice")
        equal(stored(d), product, "choice stored")
    check(narrowed >= 3, "the chosen products actually narrow the home page")


@test
def product_filter_all_notices(ctx):
    """All notices (one page here): the visible set is exactly produkte/ID/notices.json."""
    d = open_page(ctx, "meldungen/", clear_storage=True)
    everything = all_paths(d)
    equal(len(everything), len(ctx.site.all), "the all-notices page lists every notice (fits one page)")
    for product in PRODUCTS + ["jrkcms", "drkcms-v7"]:
        choose(d, "produkt", product)
        expected = ctx.site.product_paths(product)
        equal(visible_paths(d), expected, f"all notices, {product}")
    # An empty result says so.
    choose(d, "produkt", "jrkcms-v6")
    choose(d, "kategorie", "wartung")
    expected = {p for p in ctx.site.product_paths("jrkcms-v6") if ctx.site.by_path()[p]["category"]["id"] == "wartung"}
    equal(visible_paths(d), expected, "jrkcms-v6 + wartung")
    if not expected:
        check(d.find_element(By.CSS_SELECTOR, ".filter-empty").is_displayed(), "empty list message")


@test
def product_filter_list_pages(ctx):
    """Year, category and product pages filter their lists too."""
    for path in ["meldungen/2026/", "kategorien/stoerung/", "produkte/drkcms/"]:
        d = open_page(ctx, path, clear_storage=True)
        everything = all_paths(d)
        check(everything, f"{path} lists notices")
        choose(d, "produkt", "drkcms-v7")
        equal(visible_paths(d), everything & ctx.site.product_paths("drkcms-v7"), f"{path}, drkcms-v7")
    d = open_page(ctx, "kategorien/stoerung/")
    check(not d.find_elements(By.CSS_SELECTOR, "[data-filter] [name=kategorie]"), "no category select on a category page")
    d = open_page(ctx, "meldungen/2026/")
    check(not d.find_elements(By.CSS_SELECTOR, "[data-filter] [name=jahr]"), "no year select on a year page")


@test
def choice_is_remembered(ctx):
    """Reload and other pages keep the choice (localStorage) and show it in the URL."""
    d = open_page(ctx, "", clear_storage=True)
    choose(d, "produkt", "drkcms-v6-kv")
    d.get(ctx.base)
    filter_ready(d)
    wait(d, lambda d: Select(d.find_element(By.ID, "filter-produkt")).first_selected_option.get_attribute("value") == "drkcms-v6-kv",
         "choice kept after reload")
    equal(query_params(d).get("produkt"), "drkcms-v6-kv", "URL after reload")
    equal(visible_paths(d), all_paths(d) & ctx.site.product_paths("drkcms-v6-kv"), "filter applied after reload")
    d.refresh()
    filter_ready(d)
    equal(visible_paths(d), all_paths(d) & ctx.site.product_paths("drkcms-v6-kv"), "filter applied after refresh")
    open_page(ctx, "kategorien/info/")
    equal(query_params(d).get("produkt"), "drkcms-v6-kv", "choice follows to another list")
    equal(visible_paths(d), all_paths(d) & ctx.site.product_paths("drkcms-v6-kv"), "filter applied on another list")


@test
def shared_url(ctx):
    """A link with ?produkt= opened in a fresh browser applies the choice and stores it."""
    d = support.chrome()
    try:
        d.get(ctx.base + "meldungen/?produkt=jrkcms-v6")
        filter_ready(d)
        equal(Select(d.find_element(By.ID, "filter-produkt")).first_selected_option.get_attribute("value"), "jrkcms-v6", "select")
        equal(visible_paths(d), ctx.site.product_paths("jrkcms-v6"), "shared URL applied")
        equal(stored(d), "jrkcms-v6", "shared choice stored")
        d.get(ctx.base)
        filter_ready(d)
        equal(query_params(d).get("produkt"), "jrkcms-v6", "home picks the stored choice")
        d.get(ctx.base + "meldungen/?produkt=gibt-es-nicht")
        filter_ready(d)
        equal(visible_paths(d), all_paths(d), "an unknown product id shows everything")
        check("produkt" not in query_params(d), "an unknown product id leaves the URL")
        d.get(ctx.base + "meldungen/?kategorie=wartung&jahr=2019")
        filter_ready(d)
        expected = {p for p, n in ctx.site.by_path().items() if n["category"]["id"] == "wartung" and n["date"].startswith("2019")}
        equal(visible_paths(d), expected, "category and year from the URL")
        ctx.logs += d.get_log("browser")
    finally:
        d.quit()


@test
def clear_choice(ctx):
    """"Alle Produkte anzeigen" clears the choice in one click, for good."""
    d = open_page(ctx, "meldungen/?produkt=drkcms-v9")
    check(visible_paths(d) != all_paths(d), "filter applied")
    button = d.find_element(By.CSS_SELECTOR, "[data-filter-clear]")
    equal(button.text, "Alle Produkte anzeigen", "clear button label")
    button.click()
    equal(visible_paths(d), all_paths(d), "everything shown after clearing")
    check("produkt" not in query_params(d), "URL without produkt")
    equal(stored(d), None, "storage cleared")
    check(not button.is_displayed(), "clear button hides when nothing is chosen")
    equal(status_text(d), "", "no count line without a filter")
    d.get(ctx.base + "meldungen/")
    filter_ready(d)
    equal(visible_paths(d), all_paths(d), "still everything after reload")


@test
def category_and_year_filter(ctx):
    """Category and year combine with the product; the URL carries them; reset keeps the product."""
    d = open_page(ctx, "meldungen/", clear_storage=True)
    by_path = ctx.site.by_path()
    choose(d, "kategorie", "stoerung")
    expected = {p for p, n in by_path.items() if n["category"]["id"] == "stoerung"}
    equal(visible_paths(d), expected, "category stoerung")
    equal(query_params(d).get("kategorie"), "stoerung", "URL kategorie")
    check("Kategorie Störung" in status_text(d), "count line names the category: " + status_text(d))
    choose(d, "produkt", "drkcms-v7")
    expected &= ctx.site.product_paths("drkcms-v7")
    equal(visible_paths(d), expected, "stoerung + drkcms-v7")
    years = [o.get_attribute("value") for o in Select(d.find_element(By.ID, "filter-jahr")).options if o.get_attribute("value")]
    equal(years, sorted({n["date"][:4] for n in by_path.values()}, reverse=True), "year options")
    choose(d, "jahr", "2020")
    expected = {p for p in expected if by_path[p]["date"].startswith("2020")}
    equal(visible_paths(d), expected, "stoerung + drkcms-v7 + 2020")
    equal(query_params(d), {"produkt": "drkcms-v7", "kategorie": "stoerung", "jahr": "2020"}, "URL params")
    hints = {urllib.parse.urlparse(a.get_attribute("href")).path for a in d.find_elements(By.CSS_SELECTOR, ".filter__hint a")}
    equal(hints, {"/produkte/drkcms-v7/", "/kategorien/stoerung/", "/meldungen/2020/"}, "hint links")
    d.find_element(By.CSS_SELECTOR, "[data-filter-reset]").click()
    equal(visible_paths(d), ctx.site.product_paths("drkcms-v7"), "reset keeps the product")
    equal(query_params(d), {"produkt": "drkcms-v7"}, "URL after reset")


# ---- Search ----------------------------------------------------------------------------------

@test
def search_folds_umlauts(ctx):
    """Stoerung, störung and STÖRUNG find the same notices, ranked by score then date."""
    d = open_page(ctx, "", clear_storage=True)
    check(d.find_element(By.ID, "suche").is_displayed(), "search field shown with JavaScript")
    expected = oracle(ctx.site, "Störung")
    disruptions = {p for p, n in ctx.site.by_path().items() if n["category"]["id"] == "stoerung"}
    check(disruptions <= set(expected) and len(expected) >= 3, "'Störung' finds every disruption")
    for query in ["Stoerung", "störung", "STÖRUNG", "  stoerung "]:
        equal(search(d, query), expected, f"search {query!r}")
    equal(search_status(d), f"{len(expected)} Treffer für „stoerung“", "announced count")
    live = d.find_element(By.CSS_SELECTOR, ".search-results__status")
    equal(live.get_attribute("aria-live"), "polite", "results status is a polite live region")
    equal(search(d, "für"), search(d, "fuer"), "für = fuer")
    check(len(search(d, "fuer")) >= 5, "'fuer' finds 'für'")
    hits = search(d, "Hotmail")
    equal(hits[:1], ["/meldungen/2016/mail-hotmail/"], "Hotmail finds the mail notice first")
    equal(hits, oracle(ctx.site, "Hotmail"), "Hotmail")
    equal(search(d, "wartung drkcms v7"), oracle(ctx.site, "wartung drkcms v7"), "all words must match")
    equal(search(d, "Gruppenstunden"), oracle(ctx.site, "Gruppenstunden"), "headings are searched")
    search(d, "xyzzy-nichts")
    equal(search_status(d), "Keine Treffer für „xyzzy-nichts“", "no hits")
    first = d.find_element(By.CSS_SELECTOR, "[data-search-results]")
    first.find_elements(By.CSS_SELECTOR, "li")  # no crash on empty list
    hit = search(d, "DSGVO")
    check(hit, "DSGVO finds something")
    link = d.find_element(By.CSS_SELECTOR, ".search-results__list a")
    check(re.search(r"\d{1,2}\. \w+ \d{4}", link.text), "a hit shows its date: " + link.text)
    check(any(c["name"].lower() in link.text.lower() for c in ctx.site.manifest["categories"]), "a hit shows its category")
    link.click()
    wait(d, lambda d: urllib.parse.urlparse(d.current_url).path == hit[0], "a hit is a link to the notice")


@test
def search_with_product_and_category(ctx):
    """The product filter and the category filter narrow the search."""
    d = open_page(ctx, "", clear_storage=True)
    everything = oracle(ctx.site, "E-Mail")
    choose(d, "produkt", "jrkcms-v6")
    narrowed = oracle(ctx.site, "E-Mail", product="jrkcms-v6")
    check(0 < len(narrowed) < len(everything), "sample content: jrkcms-v6 narrows 'E-Mail'")
    equal(search(d, "E-Mail"), narrowed, "search within jrkcms-v6")
    check("JRKCMS v6 (ab 2014)" in search_status(d), "status names the product: " + search_status(d))
    d.find_element(By.CSS_SELECTOR, "[data-search-all]").click()
    wait(d, lambda d: str(len(everything)) + " Treffer" in search_status(d), "all products after clearing")
    equal(stored(d), None, "clearing from the search clears the stored choice")
    equal(Select(d.find_element(By.ID, "filter-produkt")).first_selected_option.get_attribute("value"), "", "select follows")
    # On a notice page there is no select: the stored choice still applies.
    d.execute_script("window.localStorage.setItem('notices.produkt', 'drkcms-v9')")
    open_page(ctx, "meldungen/2016/mail-hotmail/")
    equal(search(d, "Sicherheitsupdate"), oracle(ctx.site, "Sicherheitsupdate", product="drkcms-v9"), "stored product on a notice page")
    d.execute_script("window.localStorage.clear()")
    open_page(ctx, "meldungen/")
    choose(d, "kategorie", "wartung")
    equal(search(d, "DRKCMS"), oracle(ctx.site, "DRKCMS", category="wartung"), "search within a category")
    choose(d, "kategorie", "")
    equal(search(d, "DRKCMS"), oracle(ctx.site, "DRKCMS")[:50], "category cleared: results follow")


@test
def search_keyboard(ctx):
    """Tab reaches the hits right after the field; arrows move; Escape clears and returns."""
    d = open_page(ctx, "meldungen/2016/mail-hotmail/", clear_storage=True)
    hits = search(d, "DRKCMS")
    check(len(hits) >= 3, "several hits")
    field = d.find_element(By.ID, "suche")
    links = d.find_elements(By.CSS_SELECTOR, ".search-results__list a")
    active = lambda: d.switch_to.active_element  # noqa: E731
    field.send_keys(Keys.TAB)
    equal(active().get_attribute("data-search-clear"), "", "Tab: the clear button comes next")
    active().send_keys(Keys.TAB)
    check(active() == links[0], "Tab: then the first hit")
    active().send_keys(Keys.ARROW_DOWN)
    check(active() == links[1], "ArrowDown moves to the next hit")
    active().send_keys(Keys.ARROW_UP)
    active().send_keys(Keys.ARROW_UP)
    check(active() == field, "ArrowUp from the first hit returns to the field")
    field.send_keys(Keys.ARROW_DOWN)
    check(active() == links[0], "ArrowDown from the field goes to the first hit")
    active().send_keys(Keys.ESCAPE)
    check(active() == field, "Escape returns to the field")
    equal(field.get_attribute("value"), "", "Escape clears the query")
    check(not d.find_element(By.CSS_SELECTOR, ".search-results__body").is_displayed(), "Escape hides the results")
    equal(search_status(d), "", "status cleared")
    search(d, "Hotmail")
    field.send_keys(Keys.ESCAPE)
    equal(field.get_attribute("value"), "", "Escape in the field clears it")
    search(d, "Hotmail")
    d.find_element(By.CSS_SELECTOR, "[data-search-clear]").click()
    equal(field.get_attribute("value"), "", "the clear button clears")


@test
def search_index_is_lazy(ctx):
    """search.json is fetched once the search is used; a query fetches only the shards it needs."""
    d = open_page(ctx, "", clear_storage=True)
    loaded = lambda: d.execute_script(  # noqa: E731
        "return performance.getEntriesByType('resource').filter(e => /search(\\.json|\\/)/.test(e.name)).length")
    equal(loaded(), 0, "no index download on page load")
    d.find_element(By.ID, "suche").click()
    wait(d, lambda d: loaded() == 1, "search.json after focus")
    hits = search(d, "Wartung")
    wait(d, lambda d: d.execute_script("return !document.querySelector('.search-results__list[aria-busy]')"), "summaries in")
    names = d.execute_script("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
    manifest = ctx.site.manifest
    starts = [s["first"] for s in manifest["termShards"]]
    needed = {manifest["termShards"][bisect.bisect_right(starts, i) - 1]["path"]
              for i, term in enumerate(manifest["terms"]) if "wartung" in fold(term)}
    size = manifest["textShards"]["size"]
    urls = [e["u"] for e in ctx.site.entries]
    shown = {manifest["textShards"]["paths"][urls.index(h[1:]) // size] for h in hits[:50]}
    equal({n[1:] for n in names if n.startswith("/search/terms/")}, needed, "term shards: only those of the query's terms")
    equal({n[1:] for n in names if n.startswith("/search/text/")}, shown, "summaries: only the shards of the hits shown")
    summary = d.find_element(By.CSS_SELECTOR, ".search-hit__summary").text
    check(summary in [e["s"] for e in ctx.site.entries], "a hit shows its summary: " + summary)


@test
def maintenance_phase_updates(ctx):
    """notices.js turns "bevorstehend" into "läuft gerade" while a window runs, without a rebuild."""
    d = ctx.driver
    page = "meldungen/2026/wartung-drkcms-v7-dezember/"
    phase = lambda: d.find_element(By.CSS_SELECTOR, ".window-phase").text  # noqa: E731
    for moment, expected in [("2026-12-03T23:00:00+01:00", "(läuft gerade)"), ("2026-12-04T03:00:00+01:00", "(beendet)"),
                             ("2026-12-01T08:00:00+01:00", "(bevorstehend)")]:
        target = int(datetime.datetime.fromisoformat(moment).timestamp() * 1000)
        script = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
            "source": f"(function () {{ var offset = {target} - Date.now(), now = Date.now; Date.now = function () {{ return now() + offset; }}; }})();"})
        try:
            open_page(ctx, page)
            equal(phase(), expected, f"phase at {moment}")
        finally:
            d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


# ---- Without JavaScript ------------------------------------------------------------------

@test
def without_javascript(ctx):
    """With scripts off, lists, links and product indexes work; filter and search stay hidden."""
    d = support.chrome(javascript=False)
    try:
        d.get(ctx.base + "meldungen/")
        equal(d.find_element(By.CSS_SELECTOR, "[data-filter]").get_attribute("hidden"), "true", "script did not run")
        check(not d.find_element(By.CSS_SELECTOR, "[data-filter]").is_displayed(), "filter hidden")
        check(not d.find_element(By.CSS_SELECTOR, "[data-search]").is_displayed(), "search hidden")
        equal(visible_paths(d), {p for p in ctx.site.by_path()}, "every notice listed")
        d.get(ctx.base + "meldungen/?produkt=drkcms-v6-kv")
        equal(visible_paths(d), {p for p in ctx.site.by_path()}, "a ?produkt link is harmless without script")
        d.get(ctx.base + "meldungen/2016/mail-hotmail/")
        check(not d.find_element(By.CSS_SELECTOR, "[data-search]").is_displayed(), "search hidden on a notice")
        check("Hotmail" in d.find_element(By.TAG_NAME, "h1").text or "hotmail" in d.find_element(By.TAG_NAME, "h1").text, "notice shown")
        labels = d.find_elements(By.CSS_SELECTOR, ".affected .labels a")
        check(labels, "product labels are links")
        # The product index is the no-script product filter: follow a product link from the home page.
        d.get(ctx.base)
        link = d.find_element(By.CSS_SELECTOR, ".tree a[href$='produkte/drkcms-v6-kv/']")
        d.get(link.get_attribute("href"))
        equal(urllib.parse.urlparse(d.current_url).path, "/produkte/drkcms-v6-kv/", "catalog link")
        expected = ctx.site.product_paths("drkcms-v6-kv")
        shown = visible_paths(d)
        check(shown and shown <= expected, "product index lists only its notices")
        equal(len(visible_paths(d, current=False)), min(len(expected), 20), "product index lists its notices (first page)")
        check(not d.find_element(By.CSS_SELECTOR, "[data-filter]").is_displayed(), "filter hidden on product page")
        check(d.find_element(By.CSS_SELECTOR, "nav.breadcrumbs").is_displayed(), "breadcrumbs usable")
    finally:
        d.quit()


# ---- Accessibility, layout, print, weight ---------------------------------------------------

@test
def axe_home(ctx):
    d = open_page(ctx, "", clear_storage=True)
    run_axe(d, "home")
    choose(d, "produkt", "drkcms-v6-kv")
    run_axe(d, "home, filtered")
    search(d, "Störung")
    run_axe(d, "home, search results shown")


@test
def axe_notice(ctx):
    d = open_page(ctx, "meldungen/2016/mail-hotmail/", clear_storage=True)
    run_axe(d, "notice page")
    open_page(ctx, "meldungen/2026/wartung-drkcms-v7-dezember/")
    run_axe(d, "maintenance notice page")


@test
def axe_product_filtered(ctx):
    d = open_page(ctx, "produkte/drkcms-v6/?produkt=drkcms-v6-kv", clear_storage=True)
    check(d.find_element(By.CSS_SELECTOR, ".filter__status").text, "filter applied")
    run_axe(d, "product index with filter")
    open_page(ctx, "meldungen/?produkt=jrkcms-v6&kategorie=wartung")
    run_axe(d, "all notices, empty filter result")


@test
def axe_dark_and_phone(ctx):
    """Dark colour scheme and a 320 px phone pass too."""
    d = ctx.driver
    try:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        open_page(ctx, "produkte/drkcms-v6/?produkt=drkcms-v6-kv", clear_storage=True)
        run_axe(d, "dark product index")
        open_page(ctx, "meldungen/2016/mail-hotmail/")
        search(d, "Wartung")
        run_axe(d, "dark notice with search")
        support.set_viewport(d, 320, 700, mobile=True)
        open_page(ctx, "")
        run_axe(d, "dark phone home")
    finally:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@test
def responsive_320(ctx):
    """No horizontal scrolling at 320 px, with filter and search open."""
    d = ctx.driver
    try:
        support.set_viewport(d, 320, 640, mobile=True)
        for path in ["", "meldungen/", "meldungen/2016/mail-hotmail/", "produkte/drkcms-v6-kv/?produkt=drkcms-v6-kv",
                     "produkte/", "kategorien/wartung/", "meldungen/2018/drkcms-v6-datenschutzerklaerung-dsgvo/", "404.html"]:
            open_page(ctx, path)
            if path == "meldungen/":
                search(d, "DRKCMS")
            width = d.execute_script("return document.documentElement.scrollWidth")
            check(width <= 320, f"{path or 'home'}: page is {width}px wide at 320px")
        support.set_viewport(d, 1920, 1000)
        open_page(ctx, "")
        width = d.execute_script("return document.querySelector('.wrap').getBoundingClientRect().width")
        check(width <= 1200, "content width is capped on wide screens")
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@test
def print_style(ctx):
    """A printed notice shows title, date, products and body; no navigation, search or filter."""
    d = open_page(ctx, "meldungen/2016/mail-hotmail/", clear_storage=True)
    try:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        for selector in [".site-nav", ".site-footer", "[data-search]", ".breadcrumbs", ".toc", ".skip-link"]:
            for el in d.find_elements(By.CSS_SELECTOR, selector):
                check(not el.is_displayed(), f"print hides {selector}")
        for selector in ["h1", ".notice__meta time", ".affected .labels", ".prose"]:
            check(d.find_element(By.CSS_SELECTOR, selector).is_displayed(), f"print shows {selector}")
        open_page(ctx, "meldungen/")
        check(not d.find_element(By.CSS_SELECTOR, "[data-filter]").is_displayed(), "print hides the filter")
    finally:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@test
def page_weight(ctx):
    """Every notice page with its CSS and JS stays under 57 KB uncompressed; no third-party requests.
    (50 KB until the product status, the phone layout and the catalog loader came in together; the
    subscribe pages' script and styles are their own files, linked only there; 52 KB until the
    search fetched its index in parts, about 5 KB more script for a first search a quarter the size.)"""
    def size(path):
        with urllib.request.urlopen(ctx.base + path) as r:
            return len(r.read())
    assets = size("assets/style.css") + size("assets/notices.js") + size("assets/status.js")
    worst = max((size(urllib.parse.urlparse(n["url"]).path.lstrip("/")), n["id"]) for n in ctx.site.all)
    total = worst[0] + assets
    ctx.notes.append(f"heaviest notice page {worst[1]}: {worst[0]} B HTML + {assets} B CSS/JS = {total} B")
    check(total < 57_000, f"notice page weight {total} B")
    d = open_page(ctx, "meldungen/2016/mail-hotmail/")
    search(d, "Hotmail")
    origins = set(d.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)"))
    equal(origins - {ctx.base.rstrip("/")}, set(), "third-party requests")


# ---- Links -----------------------------------------------------------------------------------

class LinkParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            target = re.search(r"url=(.+)$", attrs.get("content") or "", re.I)
            if target:
                self.links.append(target.group(1).strip())
        for key in ("href", "src", "data-url", "data-index"):
            if key in attrs and attrs[key] is not None and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.links.append(attrs[key])


def fetch(url):
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


@test
def every_internal_link_resolves(ctx):
    """Crawl from the home page and 404.html: every internal href/src (and its #fragment) resolves."""
    origin = ctx.base.rstrip("/")
    queue = [ctx.base, ctx.base + "404.html"]
    with open(os.path.join(ctx.site.dir, "_redirects"), encoding="utf-8") as f:  # alias pages: linked from nowhere
        queue += [ctx.base + line.split()[0].lstrip("/") for line in f if line.strip()]
    pages, seen, broken, fragments = {}, set(queue), [], []
    while queue:
        url = queue.pop()
        status, ctype, body = fetch(url)
        if status != 200:
            broken.append(f"{url} -> {status}")
            continue
        if "html" not in ctype:
            continue
        parser = LinkParser()
        parser.feed(body.decode("utf-8"))
        pages[url] = parser.ids
        for link in parser.links:
            if link.startswith(("mailto:", "tel:", "javascript:")) or "{" in link:
                continue
            absolute = urllib.parse.urljoin(url, link)
            if not absolute.startswith(origin + "/"):
                continue
            target, _, fragment = absolute.partition("#")
            target = target.split("?")[0]
            if fragment:
                fragments.append((url, target, urllib.parse.unquote(fragment)))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for source, target, fragment in fragments:
        if target in pages and fragment not in pages[target]:
            broken.append(f"{source} -> {target}#{fragment} (no such id)")
    equal(broken, [], "broken internal links")
    files = set()
    for folder, _, names in os.walk(ctx.site.dir):
        for name in names:
            if name.endswith(".html"):
                rel = os.path.relpath(os.path.join(folder, name), ctx.site.dir).replace(os.sep, "/")
                files.add(ctx.base + (rel[:-len("index.html")] if rel.endswith("index.html") else rel))
    equal(set(pages), files, "crawled pages = every HTML file of the site")
    # Every search hit URL is a page; the 404 page is served for a missing path and works there.
    for entry in ctx.site.entries:
        check(ctx.base + entry["u"] in pages, f"search entry {entry['u']} is a crawled page")
    status, _, body = fetch(ctx.base + "gibt/es/nicht/")
    equal(status, 404, "missing path status")
    check("Seite nicht gefunden" in body.decode("utf-8"), "404.html served for a missing path")
    ctx.notes.append(f"crawled {len(pages)} HTML pages, {len(seen)} URLs")


@test
def not_found_page_in_browser(ctx):
    """The 404 page at any depth: styled, links work, search works."""
    d = open_page(ctx, "gibt/es/nicht/tief/")
    check(d.find_element(By.CSS_SELECTOR, ".site-header").value_of_css_property("border-top-width") == "4px", "stylesheet loads")
    equal(search(d, "für"), search(d, "fuer"), "für = fuer")
    check(len(search(d, "fuer")) >= 5, "'fuer' finds 'für'")
    hits = search(d, "Hotmail")
    equal(hits[:1], ["/meldungen/2016/mail-hotmail/"], "search on the 404 page")
    d.find_element(By.LINK_TEXT, "Alle Meldungen").click()
    equal(urllib.parse.urlparse(d.current_url).path, "/meldungen/", "404 link")


@test
def no_console_errors(ctx):
    """No script errors and no Content-Security-Policy violations in any page visited so far."""
    ctx.logs += ctx.driver.get_log("browser")
    bad = [e["message"] for e in ctx.logs if e.get("level") == "SEVERE" and "gibt/es/nicht" not in e["message"]]
    equal(bad, [], "console errors")


# ---- Runner ----------------------------------------------------------------------------------

class Context:
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="the notices binary (default: swift build --product notices)")
    parser.add_argument("-k", dest="only", help="run only tests whose name contains this")
    args = parser.parse_args()
    started = time.monotonic()
    binary = support.find_binary(args.binary)
    work, site_dir = support.build_site(binary)
    passed = failed = 0
    try:
        with support.Server(site_dir) as base:
            ctx = Context()
            ctx.base, ctx.site, ctx.logs, ctx.notes = base, Site(site_dir, base), [], []
            ctx.driver = support.chrome()
            try:
                passed, failed = support.run_tests(TESTS, ctx, args.only, after_each=collect_browser_log)
            finally:
                ctx.driver.quit()
            ctx.notes += sorted(AXE_VERSIONS)
            for note in ctx.notes:
                print("note   " + note)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"time   {time.monotonic() - started:.1f} s")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
