"""Shared pieces of the validation suite: the reporter, building a site, reading what was built
(settings, catalog, JSON, HTML) and small helpers for URLs and dates."""
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import time
import traceback
import urllib.parse
from collections import OrderedDict

import yaml

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover - Python < 3.9
    ZoneInfo = None

import html5lib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
NOW = "2026-11-29T12:00:00+01:00"
# A second "now" for the stability checks: same input, later moment.
LATER_NOW = "2027-06-01T09:30:00+02:00"

DEFAULT_CATEGORIES = ["stoerung", "wartung", "sicherheit", "info"]
DEFAULT_SEGMENTS = {"notices": "meldungen", "products": "produkte", "categories": "kategorien", "page": "seite"}

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_SHOWN = 25  # problems printed per test; the rest are counted


def emit(line=""):
    print(line, flush=True)


# ---------------------------------------------------------------------------------------------
# Reporting


class Case:
    """One test: collects problems; passes when it has none."""

    def __init__(self, name):
        self.name = name
        self.problems = []
        self.notes = []
        self.started = time.monotonic()

    def fail(self, message):
        self.problems.append(str(message))

    def check(self, condition, message):
        if not condition:
            self.fail(message)
        return bool(condition)

    def note(self, message):
        self.notes.append(str(message))


class Reporter:
    def __init__(self):
        self.cases = []

    def run(self, name, function, *args):
        case = Case(name)
        try:
            function(case, *args)
        except Exception:  # a crash inside a test is a failure of that test, not of the suite
            case.fail("the test crashed:\n" + traceback.format_exc().rstrip())
        self.finish(case)
        return case

    def finish(self, case):
        self.cases.append(case)
        took = time.monotonic() - case.started
        status = "PASS" if not case.problems else "FAIL"
        emit("%s  %s  (%.1f s)" % (status, case.name, took))
        for note in case.notes:
            for line in note.splitlines():
                emit("      note: " + line)
        for problem in case.problems[:MAX_SHOWN]:
            lines = problem.splitlines() or [""]
            emit("      - " + lines[0])
            for line in lines[1:]:
                emit("        " + line)
        if len(case.problems) > MAX_SHOWN:
            emit("      ... and %d more problems" % (len(case.problems) - MAX_SHOWN))

    @property
    def passed(self):
        return sum(1 for c in self.cases if not c.problems)

    @property
    def failed(self):
        return sum(1 for c in self.cases if c.problems)


# ---------------------------------------------------------------------------------------------
# Building


class BuildError(Exception):
    pass


def prepare_site(work, name, content_dir, templates_dir):
    """Copies `content_dir` and `templates_dir` into `work/name/` and returns that site folder."""
    site_dir = os.path.join(work, name)
    shutil.copytree(content_dir, os.path.join(site_dir, "content"))
    shutil.copytree(templates_dir, os.path.join(site_dir, "templates"))
    return site_dir


def build(binary, site_dir, out_dir, now=NOW, extra=()):
    command = [binary, "build", "--site", site_dir, "--output", out_dir, "--now", now] + list(extra)
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise BuildError("`%s` exited %d\nstdout: %s\nstderr: %s"
                         % (" ".join(command), proc.returncode, proc.stdout.strip(), proc.stderr.strip()))
    return proc


# ---------------------------------------------------------------------------------------------
# The product catalog and roll-up, computed independently of the generator


class Catalog:
    def __init__(self, nodes):
        self.parent = {}
        self.children = {}
        self.order = []
        self.names = {}

        def walk(items, parent):
            for item in items or []:
                node_id = item["id"]
                self.order.append(node_id)
                self.parent[node_id] = parent
                self.names[node_id] = item.get("name")
                self.children[node_id] = [child["id"] for child in item.get("children") or []]
                walk(item.get("children"), node_id)

        walk(nodes, None)

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8-sig") as handle:
            return cls(yaml.safe_load(handle) or [])

    @property
    def ids(self):
        return list(self.order)

    def ancestors(self, node_id):
        out = []
        current = self.parent.get(node_id)
        while current is not None:
            out.append(current)
            current = self.parent.get(current)
        return out

    def descendants(self, node_id):
        out = []
        stack = list(self.children.get(node_id, []))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(self.children.get(child, []))
        return out

    def reaches(self, tags, product):
        """Roll-up (README): a product's index lists notices tagged with it, any of its ancestors,
        any of its descendants, or `all`."""
        related = {product} | set(self.ancestors(product)) | set(self.descendants(product))
        return any(tag == "all" or tag in related for tag in tags)


# ---------------------------------------------------------------------------------------------
# A built site


class BuiltSite:
    def __init__(self, name, site_dir, out):
        self.name = name
        self.site_dir = site_dir
        self.out = out
        settings_path = os.path.join(site_dir, "content", "site.yml")
        self.settings = {}
        if os.path.exists(settings_path):
            with open(settings_path, encoding="utf-8-sig") as handle:
                self.settings = yaml.safe_load(handle) or {}
        self.base_url = self.settings.get("base_url", "/")
        parsed = urllib.parse.urlsplit(self.base_url)
        self.base_path = parsed.path if parsed.scheme else self.base_url
        self.feed_size = int(self.settings.get("feed_size", 50))
        self.site_title = self.settings.get("title", "Kundeninformationen")
        self.segments = dict(DEFAULT_SEGMENTS)
        self.segments.update(self.settings.get("segments") or {})
        self.categories = [c["id"] for c in self.settings.get("categories") or []] or list(DEFAULT_CATEGORIES)
        tz_name = self.settings.get("time_zone", "Europe/Berlin")
        self.tz = ZoneInfo(tz_name) if ZoneInfo else dt.timezone.utc
        self.catalog = Catalog.load(os.path.join(site_dir, "content", "products.yml"))
        self._html_cache = {}
        self._json_cache = {}

    # files --------------------------------------------------------------------------------
    def path(self, rel):
        return os.path.join(self.out, rel)

    def exists(self, rel):
        return os.path.isfile(self.path(rel))

    def files(self, suffix):
        found = []
        for root, dirs, names in os.walk(self.out):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.endswith(suffix) and not name.startswith("."):
                    found.append(os.path.relpath(os.path.join(root, name), self.out).replace(os.sep, "/"))
        return found

    def read_bytes(self, rel):
        with open(self.path(rel), "rb") as handle:
            return handle.read()

    def html_files(self):
        return self.files(".html")

    def is_redirect(self, rel):
        """Alias redirect pages: a meta refresh and robots noindex, nothing else."""
        doc = self.html(rel)
        for meta in doc.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "refresh":
                return True
        return False

    def content_pages(self):
        """HTML pages except alias redirects."""
        return [rel for rel in self.html_files() if not self.is_redirect(rel)]

    # URLs ---------------------------------------------------------------------------------
    def page_url(self, rel):
        """The absolute URL a file is published at (folders for index.html)."""
        if rel == "index.html":
            return self.base_url
        if rel.endswith("/index.html"):
            return self.base_url + rel[: -len("index.html")]
        return self.base_url + rel

    def url_to_rel(self, url):
        """The output file an absolute URL (under base_url) is served from, or None when the URL
        is outside the site. Existence is not checked."""
        url = urllib.parse.urldefrag(url)[0].split("?", 1)[0]
        if not url.startswith(self.base_url):
            return None
        rel = urllib.parse.unquote(url[len(self.base_url):])
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return rel

    def resolve(self, page_rel, href):
        """A link on the page `page_rel` as an output file (None when it leaves the site)."""
        return self.url_to_rel(urllib.parse.urljoin(self.page_url(page_rel), href))

    def product_rel(self, product, name):
        return "%s/%s/%s" % (self.segments["products"], product, name)

    def category_rel(self, category, name):
        return "%s/%s/%s" % (self.segments["categories"], category, name)

    # parsed files -------------------------------------------------------------------------
    def html(self, rel):
        if rel not in self._html_cache:
            self._html_cache[rel] = parse_html(self.read_bytes(rel).decode("utf-8"))
        return self._html_cache[rel]

    def json(self, rel):
        """The file parsed with ordered keys (object_pairs_hook), cached."""
        if rel not in self._json_cache:
            self._json_cache[rel] = json.loads(self.read_bytes(rel).decode("utf-8"), object_pairs_hook=OrderedDict)
        return self._json_cache[rel]

    def parse_date(self, text):
        """A JSON/Atom date: `YYYY-MM-DD` is midnight in the site's time zone."""
        if DATE_ONLY.match(text):
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=self.tz)
        return parse_rfc3339(text)


def parse_rfc3339(text):
    if not RFC3339.match(text or ""):
        raise ValueError("not an RFC 3339 date-time: %r" % text)
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("no offset: %r" % text)
    return value


def parse_html(text):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    return parser.parse(text)


def element_text(element):
    """The text of an element and its descendants, without comments."""
    if element is None:
        return None
    parts = []

    def walk(node):
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


def top_k_check(case, label, actual_urls, notices, key, k):
    """Checks that `actual_urls` (a set) is the `k` newest `notices` (by `key`), ties allowed."""
    ordered = sorted(notices, key=key, reverse=True)
    expected_count = min(k, len(ordered))
    if len(ordered) <= k:
        must = {n["url"] for n in ordered}
        may = set()
    else:
        cut = key(ordered[k - 1])
        must = {n["url"] for n in ordered if key(n) > cut}
        may = {n["url"] for n in ordered if key(n) == cut}
    ok = True
    if len(actual_urls) != expected_count:
        case.fail("%s: %d entries, expected %d" % (label, len(actual_urls), expected_count))
        ok = False
    missing = sorted(must - actual_urls)
    extra = sorted(actual_urls - must - may)
    if missing:
        case.fail("%s: missing %s" % (label, ", ".join(missing)))
        ok = False
    if extra:
        case.fail("%s: should not hold %s" % (label, ", ".join(extra)))
        ok = False
    return ok


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_controls(text):
    """Text with every C0/C1 control (except tab, newline, return) and DEL removed."""
    return CONTROL.sub("", text)


def shorten(text, limit=160):
    text = repr(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def which(program):
    return shutil.which(program)


