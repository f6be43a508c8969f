"""Link check over a local HTTP server: the built site is served under its base path (e.g.
/hilfe/), crawled from the base path following every href/src (and meta refresh) that stays on
the host; no 404 allowed, and fragments must name an id on the target page."""
import collections
import contextlib
import functools
import http.server
import os
import re
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request

from v_common import parse_html

MAX_REQUESTS = 5000
LINK_ATTRIBUTES = ("href", "src", "poster", "data", "action", "formaction")
REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*(.+?)\s*$", re.IGNORECASE)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static server like a production one: no directory listings (a folder without
    index.html is a 404), no request log."""

    def list_directory(self, path):
        self.send_error(404, "No index.html in this folder")
        return None

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site):
    """Serves site.out at http://127.0.0.1:PORT<base path>; yields the server's root URL."""
    with tempfile.TemporaryDirectory(prefix="notices-serve-") as root:
        base_path = site.base_path if site.base_path.startswith("/") else "/" + site.base_path
        folder = base_path.strip("/")
        if folder:
            target = os.path.join(root, *folder.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(site.out, target)
            served = root
        else:
            served = site.out
        handler = functools.partial(QuietHandler, directory=served)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield "http://127.0.0.1:%d" % server.server_address[1], base_path
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url):
    """(status, final url, content type, body) without proxies; errors give their status."""
    try:
        with _opener.open(url, timeout=20) as response:
            return response.status, response.geturl(), response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, url, error.headers.get("Content-Type", "") if error.headers else "", b""


def links_of(doc):
    """Every URL-valued attribute of the page, plus a meta refresh target."""
    found = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name in LINK_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                found.append((element.tag, name, value.strip()))
        if element.tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            match = REFRESH.match(element.get("content") or "")
            if match:
                found.append(("meta", "refresh", match.group(1).strip("'\"")))
    return found


def ids_of(doc):
    ids = set()
    for element in doc.iter():
        if isinstance(element.tag, str):
            if element.get("id"):
                ids.add(element.get("id"))
            if element.tag == "a" and element.get("name"):
                ids.add(element.get("name"))
    return ids


class Crawler:
    def __init__(self, case, origin):
        self.case = case
        self.origin = origin
        self.host = urllib.parse.urlsplit(origin).netloc
        self.pages = {}  # url -> (status, ids or None)
        self.referrers = {}
        self.requests = 0
        self.fragments = []  # (url, fragment, referrer)

    def on_host(self, url):
        parts = urllib.parse.urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == self.host

    def visit(self, url, referrer):
        """Fetches `url` once; returns the parsed page when it is HTML."""
        if url in self.pages:
            return None
        if self.requests >= MAX_REQUESTS:
            self.case.fail("stopped after %d requests" % MAX_REQUESTS)
            self.pages[url] = (0, None)
            return None
        self.requests += 1
        status, final, content_type, body = fetch(url)
        if status != 200:
            self.case.fail("%s -> HTTP %d (linked from %s)" % (url[len(self.origin):], status, referrer))
            self.pages[url] = (status, None)
            return None
        doc = None
        if "text/html" in content_type:
            try:
                doc = parse_html(body.decode("utf-8"))
            except UnicodeDecodeError as error:
                self.case.fail("%s is not UTF-8: %s" % (url, error))
        self.pages[url] = (status, ids_of(doc) if doc is not None else None)
        if final != url:
            self.pages.setdefault(final, self.pages[url])
        return doc, final

    def crawl(self, start_urls, page_base=None, max_depth=None):
        """Breadth-first from `start_urls`. With `page_base`, links of the first page resolve
        against that URL instead (a 404 page served at some other address). With `max_depth`,
        pages further than that many links from the start are fetched but not followed."""
        queue = collections.deque((url, "(start)", 0) for url in start_urls)
        first = True
        while queue:
            url, referrer, depth = queue.popleft()
            result = self.visit(url, referrer)
            if result is None:
                continue
            doc, final = result
            if doc is None:
                continue
            base = page_base if (first and page_base) else final
            first = False
            if max_depth is not None and depth >= max_depth:
                continue
            for tag, attribute, value in links_of(doc):
                if not value or value.startswith(("mailto:", "tel:", "javascript:", "data:")):
                    continue
                place = "%s <%s %s=%r>" % (final[len(self.origin):], tag, attribute, value)
                if value.startswith("#"):  # same document, wherever it is served
                    self.fragments.append((final, urllib.parse.unquote(value[1:]), place))
                    continue
                target = urllib.parse.urljoin(base, value)
                target, fragment = urllib.parse.urldefrag(target)
                if not self.on_host(target):
                    continue
                if fragment:
                    self.fragments.append((target, urllib.parse.unquote(fragment), place))
                if target not in self.pages:
                    queue.append((target, place, depth + 1))

    def check_fragments(self):
        for url, fragment, place in self.fragments:
            status, ids = self.pages.get(url, (None, None))
            if status == 200 and ids is not None:
                self.case.check(fragment in ids, "%s: fragment #%s does not exist on %s" % (place, fragment, url[len(self.origin):]))


def alias_paths(site):
    """Old URLs from `_redirects` (already prefixed with the base path)."""
    path = site.path("_redirects")
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [line.split()[0] for line in handle if line.strip() and not line.startswith("#")]


def check_links(case, site):
    with serve(site) as (origin, base_path):
        crawler = Crawler(case, origin)
        starts = [origin + base_path] + [origin + alias for alias in alias_paths(site)]
        crawler.crawl(starts)
        crawler.check_fragments()
        html_count = sum(1 for status, ids in crawler.pages.values() if ids is not None)
        case.note("served under %s%s: %d URLs fetched (%d HTML pages, %d alias pages as start points), %d fragments checked"
                  % (origin, base_path, crawler.requests, html_count, len(starts) - 1, len(crawler.fragments)))
        # Every HTML file in the output is reachable (alias redirect pages from the start points).
        reached = {site.url_to_rel(site.base_url + url[len(origin + base_path):]) for url in crawler.pages}
        for rel in site.html_files():
            if rel != "404.html":
                case.check(rel in reached, "%s is not reachable by links from %s" % (rel, base_path))

        # A missing page gets the server's own 404 ...
        status = fetch(origin + base_path + "does-not-exist/")[0]
        case.check(status == 404, "%sdoes-not-exist/ -> HTTP %d, expected 404" % (base_path, status))
        # ... and the site's 404.html, loaded directly and as if a server showed it for a deep
        # missing URL, links only to pages that exist.
        for page_base in (None, origin + base_path + "does-not-exist/deeper/still/"):
            crawler404 = Crawler(case, origin)
            crawler404.crawl([origin + base_path + "404.html"], page_base=page_base, max_depth=1)
            crawler404.check_fragments()
            case.check(len(crawler404.pages) > 1, "404.html (%s) links to nothing" % (page_base or "direct"))
