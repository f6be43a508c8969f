"""sitemap.xml against our XSD (xmllint, and Python xmlschema when installed), its URLs against
the output, and robots.txt."""
import os
import subprocess
import tempfile
import xml.etree.ElementTree as ET

from v_common import HERE, which

XSD = os.path.join(HERE, "sitemap-0.9.xsd")
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

try:
    import xmlschema
except ImportError:  # optional: xmllint is the required validator
    xmlschema = None

_schema = None


def python_schema():
    global _schema
    if _schema is None and xmlschema is not None:
        _schema = xmlschema.XMLSchema(XSD)
    return _schema


def xmllint(path):
    """(ok, output) of `xmllint --noout --schema`."""
    proc = subprocess.run(["xmllint", "--noout", "--schema", XSD, path], capture_output=True, text=True, timeout=120)
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()


SAMPLE_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
GOOD = [
    "<url><loc>https://example.de/</loc></url>",
    "<url><loc>https://example.de/a/</loc><lastmod>2026-11-29</lastmod><changefreq>daily</changefreq><priority>0.5</priority></url>",
    "<url><loc>https://example.de/b/</loc><lastmod>2026-11-29T12:00:00+01:00</lastmod><priority>1.0</priority></url>",
]
BAD = {
    "no url at all": "",
    "url without loc": "<url><lastmod>2026-11-29</lastmod></url>",
    "loc shorter than 12 characters": "<url><loc>http://a.b/</loc></url>",
    "loc longer than 2048 characters": "<url><loc>https://example.de/%s</loc></url>" % ("a" * 2040),
    "lastmod not a date": "<url><loc>https://example.de/</loc><lastmod>yesterday</lastmod></url>",
    "changefreq not in the list": "<url><loc>https://example.de/</loc><changefreq>sometimes</changefreq></url>",
    "priority above 1.0": "<url><loc>https://example.de/</loc><priority>1.5</priority></url>",
    "priority below 0.0": "<url><loc>https://example.de/</loc><priority>-0.1</priority></url>",
    "elements out of order": "<url><lastmod>2026-11-29</lastmod><loc>https://example.de/</loc></url>",
    "unknown element of the sitemap namespace": "<url><loc>https://example.de/</loc><color>red</color></url>",
}


def check_schema_itself(case):
    """The XSD accepts a good sitemap and refuses each kind of bad one (so a pass means something)."""
    if not case.check(which("xmllint"), "xmllint is not installed (apt-get install -y libxml2-utils)"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        def validate(body):
            path = os.path.join(tmp, "sample.xml")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(SAMPLE_HEAD + body + "</urlset>\n")
            ok, output = xmllint(path)
            schema = python_schema()
            py_ok = schema.is_valid(path) if schema is not None else None
            return ok, output, py_ok

        ok, output, py_ok = validate("".join(GOOD))
        case.check(ok, "xmllint refuses a valid sample sitemap: %s" % output)
        case.check(py_ok in (None, True), "xmlschema refuses a valid sample sitemap")
        many = "".join("<url><loc>https://example.de/%d/</loc></url>" % i for i in range(50001))
        for name, body in list(BAD.items()) + [("50,001 urls", many)]:
            ok, output, py_ok = validate(body)
            case.check(not ok, "xmllint accepts a sitemap with %s" % name)
            case.check(py_ok in (None, False), "xmlschema accepts a sitemap with %s" % name)
    if python_schema() is None:
        case.note("Python xmlschema is not installed: only xmllint was used")


def check_sitemap(case, site):
    path = site.path("sitemap.xml")
    if not case.check(os.path.isfile(path), "sitemap.xml is missing"):
        return
    if case.check(which("xmllint"), "xmllint is not installed (apt-get install -y libxml2-utils)"):
        ok, output = xmllint(path)
        case.check(ok, "xmllint --schema sitemap-0.9.xsd: %s" % output)
    schema = python_schema()
    if schema is not None:
        for error in list(schema.iter_errors(path))[:10]:
            case.fail("xmlschema: %s" % str(error).splitlines()[0])
    else:
        case.note("Python xmlschema is not installed: validated with xmllint only")

    root = ET.parse(path).getroot()
    locs = [url.findtext(NS + "loc") for url in root.findall(NS + "url")]
    duplicates = sorted({loc for loc in locs if locs.count(loc) > 1})
    case.check(not duplicates, "duplicate <loc>: %s" % duplicates)
    listed = set()
    for loc in locs:
        if not case.check(loc and loc.startswith(site.base_url), "<loc> %r does not start with the base URL %s" % (loc, site.base_url)):
            continue
        rel = site.url_to_rel(loc)
        listed.add(rel)
        if not case.check(rel.endswith(".html") and site.exists(rel), "<loc> %s: no HTML file %s in the output" % (loc, rel)):
            continue
        case.check(rel != "404.html", "<loc> %s is the 404 page" % loc)
        case.check(not site.is_redirect(rel), "<loc> %s is an alias redirect page" % loc)
    # docs/outputs.md: every HTML page except redirects and 404.
    for rel in site.content_pages():
        if rel != "404.html":
            case.check(rel in listed, "page %s (%s) is not in the sitemap" % (rel, site.page_url(rel)))
    case.note("%d URLs" % len(locs))

    robots_path = site.path("robots.txt")
    if case.check(os.path.isfile(robots_path), "robots.txt is missing"):
        with open(robots_path, encoding="utf-8") as handle:
            lines = [line.strip() for line in handle]
        named = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
        case.check(site.base_url + "sitemap.xml" in named,
                   "robots.txt names the sitemap(s) %r, expected %ssitemap.xml" % (named, site.base_url))
