"""8. Bad input from ../shared/reliability/CASES.md, checked through the command line: each case
either fails with exit 1 and a `path:line:col: error:` line naming the right file (and line where
the rule says so), writing nothing, or builds (exit 0) where the rule says the input is fine."""
import json
import os
import unicodedata

import rel_common as common
from rel_common import TempDir

N = "content/notices/2020/"


def sq(text):
    """YAML single-quoted scalar (backslashes stay literal)."""
    return "'" + text.replace("'", "''") + "'"


class Case:
    def __init__(self, reporter, temp):
        self.reporter = reporter
        self.temp = temp
        self.count = 0

    def site(self, notices=None, catalog=common.DEFAULT_CATALOG, settings=None):
        self.count += 1
        root = os.path.join(self.temp, "site%03d" % self.count)
        return common.make_site(root, notices or {}, catalog=catalog, settings=settings)

    def build(self, site, **kwargs):
        return common.build(site, os.path.join(site, "public"), **kwargs)

    def error(self, name, notices, path, *fragments, line=None, catalog=common.DEFAULT_CATALOG, also=()):
        """Expect exit 1 and an error for `path` (at `line`, if given) holding every fragment,
        nothing written, and every path in `also` named somewhere in the diagnostics."""
        site = self.site(notices, catalog=catalog)
        result = self.build(site)
        ok, why = common.find_error(result, path, *fragments)
        problems = [] if ok else [why]
        if ok and line is not None:
            lines = [e for e in result.errors if e["path"] == path and all(f.lower() in e["message"].lower() for f in fragments)]
            if not any(e["line"] is not None and int(e["line"]) == line for e in lines):
                problems.append("expected line %d, found %s" % (line, ", ".join(common.place(e) for e in lines)))
        for other in also:
            if other not in result.stderr:
                problems.append("the diagnostics do not name %s; stderr:\n%s" % (other, common.indent(common.clip(result.stderr))))
        if os.path.exists(os.path.join(site, "public")):
            problems.append("an output folder was written although the build failed")
        return self.reporter.check(name, not problems, "; ".join(problems), why if ok else "")

    def builds(self, name, notices, catalog=common.DEFAULT_CATALOG, check=None):
        """Expect exit 0; `check(output)` returns a problem or None."""
        site = self.site(notices, catalog=catalog)
        result = self.build(site)
        problems = []
        if result.returncode != 0:
            problems.append("expected the build to succeed: %s" % result.describe())
        elif check:
            problem = check(os.path.join(site, "public"))
            if problem:
                problems.append(problem)
        return self.reporter.check(name, not problems, "; ".join(problems), "exit 0")


def run(reporter):
    with TempDir("bad") as temp:
        c = Case(reporter, temp)
        n = common.notice
        x = N + "x.md"

        # --- front matter ---
        c.error("front-matter-never-closed", {"2020/x.md": "---\ntitle: x\ndate: 2020-01-02\n\nText ohne Ende\n"}, x, "never closed", line=1)
        c.error("yaml-syntax-error-counted-from-file-top", {"2020/x.md": n(title="Wartung: Mailserver")}, x, "YAML", line=2)
        c.error("yaml-syntax-error-unclosed-flow", {"2020/x.md": n(products="[drkcms-v7")}, x, "YAML")
        c.error("duplicate-key-names-both-lines", {"2020/x.md": n(extra="title: Nochmal\n")}, x, "duplicate", "line 2", "line 6")
        c.error("title-number", {"2020/x.md": n(title="123")}, x, "title", "text", line=2)
        c.error("date-2016-13-45", {"2020/x.md": n(date="2016-13-45")}, x, "date", "2016-13-45", line=3)
        c.error("date-2016-02-30", {"2020/x.md": n(date="2016-02-30")}, x, "date", "2016-02-30", line=3)
        c.error("date-soon", {"2020/x.md": n(date="soon")}, x, "date", "soon", line=3)
        c.error("category-NO-read-as-false", {"2020/x.md": n(category="NO")}, x, "category", line=4)
        c.error("missing-title", {"2020/x.md": "---\ndate: 2020-01-02\ncategory: info\nproducts: [drkcms-v7]\n---\nText\n"}, x, "missing", "title")
        c.error("missing-date", {"2020/x.md": "---\ntitle: X\ncategory: info\nproducts: [drkcms-v7]\n---\nText\n"}, x, "missing", "date")
        c.error("missing-products", {"2020/x.md": "---\ntitle: X\ndate: 2020-01-02\ncategory: info\n---\nText\n"}, x, "missing", "products")
        c.error("unknown-key-with-suggestion", {"2020/x.md": n(extra="categroy: info\n")}, x, "unknown key", "did you mean 'category'", line=6)
        c.builds("products-as-single-string-is-fine", {"2020/x.md": n(products="drkcms-v7")})

        # --- encodings ---
        clean = n(body="Erster Absatz mit genug Text, um als Zusammenfassung zu gelten.\n\n## Ursache\n\nZweiter Absatz.\n")
        windows = b"\xef\xbb\xbf" + clean.replace("\n", "\r\n").encode("utf-8")
        site_clean = c.site({"2020/x.md": clean})
        site_windows = c.site({"2020/x.md": windows})
        first, second = c.build(site_clean), c.build(site_windows)
        problems = [r.describe() for r in (first, second) if r.returncode != 0]
        if not problems:
            a, b = common.manifest(os.path.join(site_clean, "public")), common.manifest(os.path.join(site_windows, "public"))
            if a != b:
                problems.append("BOM + CRLF output differs from the clean file's: %s" % common.manifest_diff(b, a))
        reporter.check("bom-and-crlf-give-identical-output", not problems, "; ".join(problems), "byte-identical sites")
        bad = bytearray(clean.encode("utf-8"))
        bad[10:10] = b"\xff"
        c.error("invalid-utf8-with-offset", {"2020/x.md": bytes(bad)}, x, "UTF-8", "offset")
        c.error("nul-byte-with-offset", {"2020/x.md": clean.encode("utf-8").replace(b"Zweiter", b"Zwei\x00ter")}, x, "NUL", "offset")

        # --- slugs and aliases ---
        for label, slug in (("dotdot-x", "../x"), ("percent-2e2e", "%2e%2e"), ("a-slash-b", "a/b"), ("drive-c", "C:x"),
                            ("dotdot", ".."), ("absolute", "/etc/passwd"), ("backslash", "a\\b"), ("empty", "")):
            c.error("slug-" + label, {"2020/x.md": n(extra="slug: %s\n" % sq(slug))}, x, "slug", line=6)
        for label, alias in (("dotdot-x", "../x"), ("root-dotdot", "/../x"), ("inner-dotdot", "/a/../b"), ("protocol-relative", "//evil.example/x"),
                             ("backslash", "/a\\b"), ("colon", "/a:b"), ("url", "https://evil.example/"), ("percent-2e2e", "/%2e%2e/x"),
                             ("percent-2f", "/a%2Fb"), ("dot-segment", "/a/./b"), ("windows-path", "C:\\x"), ("space", "/a b")):
            c.error("alias-" + label, {"2020/x.md": n(extra="aliases: [%s]\n" % sq(alias))}, x, "alias", line=6)

        # --- clashes ---
        c.error("same-slug-same-year-names-both-files", {"2020/a.md": n(extra="slug: gleich\n"), "2020/b.md": n(extra="slug: gleich\n")},
                N + "b.md", "already taken", also=(N + "a.md",))
        c.error("file-names-differing-in-case", {"2020/Mail.md": n(title="Gross"), "2020/mail.md": n(title="Klein")},
                N + "mail.md", "", also=(N + "Mail.md",))
        nfc = unicodedata.normalize("NFC", "Störung.md")
        nfd = unicodedata.normalize("NFD", "Störung.md")
        site = c.site({"2020/" + nfc: n(title="NFC"), "2020/" + nfd: n(title="NFD")})
        result = c.build(site)
        named = [e for e in result.errors if e["path"] in (N + nfc, N + nfd)]
        reporter.check("file-names-differing-in-unicode-normalisation", result.returncode == 1 and bool(named),
                       "two files named 'Störung.md' in NFC and NFD (one name to a reader) should be an error naming them; got %s%s"
                       % (result.describe(), "" if result.returncode else "; pages: %s" % sorted(os.listdir(os.path.join(site, "public", "meldungen", "2020")))),
                       named[0]["message"] if named else "")
        c.error("alias-onto-another-notice-names-both-sources",
                {"2020/a.md": n(title="A"), "2020/b.md": n(title="B", extra="aliases: [/meldungen/2020/a/]\n")},
                N + "b.md", "", also=(N + "a.md",))
        c.error("alias-onto-a-generated-file", {"2020/x.md": n(extra="aliases: [/feed.xml]\n")}, x, "feed.xml")

        # --- ignored files ---
        leftovers = {"2020/foo.md~": "LEFTOVER-1", "2020/.#foo.md": "LEFTOVER-2", "2020/.DS_Store": "LEFTOVER-3", "2020/x.swp": "LEFTOVER-4",
                     "2020/#foo.md#": "LEFTOVER-5", "2020/.versteckt.md": "LEFTOVER-6", "2020/x.md.swp": "LEFTOVER-7"}
        notices = {path: n(title=title, extra="slug: %s\n" % title.lower()) for path, title in leftovers.items()}
        notices["2020/echt.md"] = n(title="Echt")

        def no_leftovers(output):
            hits = [os.path.relpath(os.path.join(d, f), output) for d, _, fs in os.walk(output) for f in fs
                    if b"LEFTOVER" in common.read(os.path.join(d, f))]
            year = os.path.join(output, "meldungen", "2020")
            pages = sorted(p for p in os.listdir(year) if os.path.isdir(os.path.join(year, p)))
            if hits or pages != ["echt"]:
                return "editor leftovers were published: pages %s; mentioned in %s" % (pages, hits[:5])
            return None
        c.builds("editor-leftovers-ignored", notices, check=no_leftovers)

        # --- symbolic links ---
        outside = os.path.join(temp, "outside")
        common.write(os.path.join(outside, "ext.md"), n(title="Von draussen"))
        common.write(os.path.join(outside, "jahr", "y.md"), n(title="Ordner von draussen"))
        site = c.site({"2020/echt.md": n()})
        os.symlink(os.path.join(outside, "ext.md"), os.path.join(site, N, "ext.md"))
        result = c.build(site)
        ok, why = common.find_error(result, N + "ext.md", "symbolic link")
        reporter.check("symlinked-file-outside-site", ok, why, why)
        site = c.site({"2020/echt.md": n()})
        os.symlink(os.path.join(outside, "jahr"), os.path.join(site, "content", "notices", "2021"))
        result = c.build(site)
        ok, why = common.find_error(result, "content/notices/2021", "symbolic link")
        reporter.check("symlinked-folder-outside-site", ok, why, why)
        site = c.site({"2020/echt.md": n()})
        # Inside content/ (a link to anywhere else in the site is refused, see t_hardening.py).
        common.write(os.path.join(site, "content", "geteilt", "gemeinsam.md"), n(title="Gemeinsam", extra="slug: gemeinsam\n"))
        os.symlink(os.path.join("..", "..", "geteilt", "gemeinsam.md"), os.path.join(site, N, "gemeinsam.md"))
        result = c.build(site)
        reporter.check("symlink-inside-site-is-followed", result.returncode == 0 and os.path.exists(os.path.join(site, "public", "meldungen", "2020", "gemeinsam", "index.html")),
                       "a link to a file inside the site should be read: %s" % result.describe(), "exit 0, page written")
        site = c.site({"2020/echt.md": n()})
        os.symlink(os.path.join(site, "content", "weg.md"), os.path.join(site, N, "weg.md"))
        result = c.build(site)
        ok, why = common.find_error(result, N + "weg.md", "")
        reporter.check("dangling-symlink-is-an-error", ok,
                       "a notice file that cannot be read (a dangling link) should be an error naming it, not skipped in silence: "
                       + (why if result.returncode else "exit 0, the notice was left out without a word"), why)

        # --- catalog and products ---
        c.error("unknown-product-with-suggestion", {"2020/x.md": n(products="[drkcms-v8]")}, x, "unknown product", "drkcms-v7", line=5)
        c.error("product-id-in-wrong-case", {"2020/x.md": n(products="[DRKCMS-V7]")}, x, "unknown product", "drkcms-v7", line=5)
        c.error("catalog-duplicate-id", {"2020/x.md": n(products="[x]")}, "content/products.yml", "x", line=2,
                catalog="- { id: x, name: X }\n- { id: x, name: Y }\n")
        c.error("catalog-empty-name", {"2020/x.md": n(products="[x]")}, "content/products.yml", "name", line=1,
                catalog="- { id: x, name: \"\" }\n")
        c.error("catalog-invalid-id", {"2020/x.md": n(products="[x]")}, "content/products.yml", "id", line=2,
                catalog="- { id: x, name: X }\n- { id: \"Y Z\", name: Y }\n")
        c.error("catalog-missing", {"2020/x.md": n()}, "content/products.yml", "catalog", catalog=None)

        def empty_product_page(output):
            page = os.path.join(output, "produkte", "drkcms-v9", "index.html")
            if not os.path.exists(page):
                return "no index page for the product without notices (produkte/drkcms-v9/index.html)"
            if "keine meldungen" not in common.read(page).decode("utf-8").lower():
                return "produkte/drkcms-v9/index.html does not say that there are no notices ('keine Meldungen')"
            return None
        c.builds("product-without-notices-has-a-page-saying-so", {"2020/x.md": n(products="[drkcms-v7]")}, check=empty_product_page)

        # --- templates ---
        site = c.site({"2020/x.md": n()})
        path = os.path.join(site, "templates", "notice.mustache")
        common.write(path, common.read(path) + b"\n{{#offen}}\n")
        result = c.build(site)
        ok, why = common.find_error(result, "templates/notice.mustache", "")
        reporter.check("template-syntax-error", ok, why, why)
        site = c.site({"2020/x.md": n()})
        path = os.path.join(site, "templates", "notice.mustache")
        common.write(path, common.read(path) + b"\n{{> partials/gibt-es-nicht}}\n")
        result = c.build(site)
        ok, why = common.find_error(result, "templates/notice.mustache", "gibt-es-nicht")
        reporter.check("template-missing-partial", ok, why, why)

        # --- order and removal ---
        same = "2020-06-01T12:00:00+02:00"
        names = ["m-zeta.md", "b-alpha.md", "k-mitte.md", "a-erste.md", "z-letzte.md"]
        tie_notices = {"2020/" + name: n(title=name, date=same) for name in names}
        orders = []
        for attempt, kwargs in enumerate(({}, {"jobs": 1}, {"jobs": 8})):
            ordered = dict(reversed(list(tie_notices.items()))) if attempt == 1 else tie_notices
            site = c.site(ordered)
            result = c.build(site, **kwargs)
            if result.returncode != 0:
                reporter.fail("same-date-order-stable", result.describe())
                break
            data = json.loads(common.read(os.path.join(site, "public", "notices.json")))
            orders.append([item["title"] for item in data["notices"]])
        else:
            expected = sorted(names)
            reporter.check("same-date-order-stable", all(o == orders[0] for o in orders) and orders[0] == expected,
                           "order of notices with the same date: %s; expected every run to give %s (ties by path)" % (orders, expected),
                           "3 runs: %s" % ", ".join(orders[0]))

        site = c.site({"2020/bleibt.md": n(title="Bleibt"), "2020/geht.md": n(title="Geht")})
        first = c.build(site)
        os.remove(os.path.join(site, N, "geht.md"))
        second = c.build(site)
        output = os.path.join(site, "public")
        problems = [r.describe() for r in (first, second) if r.returncode != 0]
        if not problems:
            if os.path.exists(os.path.join(output, "meldungen", "2020", "geht")):
                problems.append("meldungen/2020/geht/ is still published")
            mentions = [os.path.relpath(os.path.join(d, f), output) for d, _, fs in os.walk(output) for f in fs
                        if b"meldungen/2020/geht" in common.read(os.path.join(d, f))]
            if mentions:
                problems.append("still linked from %s" % ", ".join(mentions[:5]))
        reporter.check("removed-notice-page-gone", not problems, "; ".join(problems), "page and links gone after the rebuild")
