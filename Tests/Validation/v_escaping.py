"""Escaping (issue 4): the fixture `fixtures/escaping` holds `<`, `>`, `&`, quotes, a closing
`</title><script>` and control characters (U+0001, U+000B, U+007F) in titles, summaries, update
texts, a `not_affected` free text, the site title and a product name. Every HTML page, XML file,
JSON file and calendar built from it must stay well-formed and carry the text, not markup."""
import glob
import json
import os
import re
import xml.etree.ElementTree as ET

import html5lib
import icalendar
import yaml

from v_common import CONTROL, XML_FORBIDDEN, element_text, shorten, without_controls

ATOM = "{http://www.w3.org/2005/Atom}"
ALLOWED_CONTROLS = {"\t", "\n", "\r", "\x0c"}  # HTML's ASCII whitespace
RAW_TAG = re.compile(r"<[^<>\s][^<>]*>")


def front_matter(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    _, head, _ = text.split("---\n", 2)
    return yaml.safe_load(head)


class Source:
    """What the editor wrote, read with PyYAML (independently of the generator)."""

    def __init__(self, site_dir):
        self.notices = {}
        for path in sorted(glob.glob(os.path.join(site_dir, "content", "notices", "*", "*.md"))):
            year = os.path.basename(os.path.dirname(path))
            slug = os.path.splitext(os.path.basename(path))[0]
            self.notices["%s/%s" % (year, slug)] = front_matter(path)
        with open(os.path.join(site_dir, "content", "site.yml"), encoding="utf-8") as handle:
            self.site_title = yaml.safe_load(handle)["title"]
        with open(os.path.join(site_dir, "content", "products.yml"), encoding="utf-8") as handle:
            self.product_names = {p["id"]: p["name"] for p in yaml.safe_load(handle)}

    @property
    def tricky(self):
        """Notices whose title holds control characters."""
        return {k: v for k, v in self.notices.items() if CONTROL.search(v["title"])}


def collapse(text):
    """Runs of HTML whitespace (not U+000B) as one space, trimmed."""
    return re.sub(r"[ \t\n\r\x0c]+", " ", text).strip()


def raw_controls(text):
    """(line, column, code point) of every control character HTML/XML should not carry."""
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            if CONTROL.match(char) and char not in ALLOWED_CONTROLS:
                found.append((number, column, "U+%04X" % ord(char)))
    return found


def html_forms(text):
    """Acceptable renderings of `text` in HTML: control characters removed, or replaced by a
    space or U+FFFD."""
    return {without_controls(text), CONTROL.sub(" ", text), CONTROL.sub("\ufffd", text)}


def mismatch(actual, original):
    """Why `actual` is not an acceptable HTML rendering of `original`."""
    if actual is not None and without_controls(actual) == without_controls(original) and CONTROL.search(actual):
        kinds = sorted({"U+%04X" % ord(c) for c in CONTROL.findall(actual)})
        return "keeps the control characters %s raw: %s" % (", ".join(kinds), shorten(actual))
    return "is %s, expected %s" % (shorten(actual), shorten(without_controls(original)))


def check_build(case, result):
    if isinstance(result, Exception):
        case.fail(str(result))
    else:
        case.note((result.stdout + result.stderr).strip())


def check_html(case, site):
    source = Source(site.site_dir)
    # The theme's own scripts: notices.js everywhere, status.js (product status), subscribe.js (subscribe pages).
    scripts = {"assets/notices.js", "assets/status.js", "assets/subscribe.js"}
    control_report = {}
    parse_errors = {}
    for rel in site.html_files():
        text = site.read_bytes(rel).decode("utf-8")
        parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
        doc = parser.parse(text)
        for error in parser.errors:
            parse_errors.setdefault(error[1], []).append(rel)
        controls = raw_controls(text)
        if controls:
            control_report[rel] = controls
        for element in doc.iter():
            tag = element.tag if isinstance(element.tag, str) else ""
            if tag == "script":
                target = site.resolve(rel, element.get("src") or "")
                case.check(element.get("src") and target in scripts and not (element.text or "").strip(),
                           "%s: a <script> other than the theme's %s: src=%r text=%r" % (rel, ", ".join(sorted(scripts)), element.get("src"), shorten(element.text or "")))
            elif tag in ("iframe", "object", "embed", "base"):
                case.fail("%s: unexpected <%s> element" % (rel, tag))
            for name in element.keys() if tag else []:
                if name.lower().startswith("on"):
                    case.fail("%s: <%s> has an event handler attribute %s" % (rel, tag, name))
        title = doc.find(".//title")
        title_text = element_text(title) if title is not None else None
        case.check(title_text is not None and title_text.endswith(" – " + source.site_title) or title_text == source.site_title,
                   "%s: <title> %s does not end with the site title %s" % (rel, shorten(title_text), shorten(source.site_title)))

    # Notice pages: title, description, Open Graph, heading, not_affected, updates.
    for notice_id, matter in source.notices.items():
        rel = "%s/%s/index.html" % (site.segments["notices"], notice_id)
        if not case.check(site.exists(rel), "%s: missing" % rel):
            continue
        doc = site.html(rel)
        title = matter["title"]
        title_text = element_text(doc.find(".//title"))
        expected = {form + " – " + source.site_title for form in html_forms(title)}
        if title_text not in expected:
            case.fail("%s: <title> %s" % (rel, mismatch(title_text, title + " – " + source.site_title)))
        metas = {}
        for meta in doc.iter("meta"):
            key = meta.get("name") or meta.get("property")
            if key:
                metas[key] = meta.get("content")
        summary = matter.get("summary")
        checks = [("og:title", title), ("h1", title)]
        if summary:
            checks += [("description", summary), ("og:description", summary)]
        for key, original in checks:
            if key == "h1":
                heading = doc.find(".//article//h1")
                actual = element_text(heading) if heading is not None else None
            else:
                actual = metas.get(key)
            if actual not in html_forms(original):
                case.fail("%s: %s %s" % (rel, key, mismatch(actual, original)))
        for entry in matter.get("not_affected") or []:
            spans = [element_text(s) for s in doc.iter("span") if s.get("class") == "label"]
            shown = [s for s in spans if without_controls(s) == without_controls(entry)]
            if not any(s in html_forms(entry) for s in spans):
                case.fail("%s: not_affected free text %s" % (rel, mismatch(shown[0], entry) if shown else
                          "%s is not shown (labels: %s)" % (shorten(without_controls(entry)), [shorten(s, 80) for s in spans])))
        bodies = [collapse(element_text(d)) for d in doc.iter("div") if d.get("class") == "timeline__body"]
        for update in matter.get("updates") or []:
            visible = RAW_TAG.sub("", update["text"])  # raw inline HTML is dropped by design
            # Update texts are Markdown: the site's typography turns "x" into „x“ (German).
            forms = {collapse(form) for text in (visible, german_quotes(visible)) for form in html_forms(text)}
            if not any(b in forms for b in bodies):
                shown = [b for b in bodies if without_controls(b) in {without_controls(f) for f in forms}]
                case.fail("%s: update text %s" % (rel, mismatch(shown[0], collapse(visible)) if shown else
                          "%s is not shown (timeline: %s)" % (shorten(without_controls(visible)), [shorten(b, 80) for b in bodies])))
    for product, name in source.product_names.items():
        rel = "%s/%s/index.html" % (site.segments["products"], product)
        if case.check(site.exists(rel), "%s: missing" % rel):
            heading = site.html(rel).find(".//h1")
            case.check(heading is not None and element_text(heading) == name,
                       "%s: <h1> %s, expected the product name %s" % (rel, shorten(element_text(heading) if heading is not None else None), shorten(name)))
    for kind, pages in sorted(parse_errors.items()):
        distinct = sorted(set(pages))
        case.fail("html5lib parse error '%s' %d times on %d pages: %s" % (kind, len(pages), len(distinct), ", ".join(distinct)))
    if control_report:
        pages = sorted(control_report)
        kinds = sorted({c[2] for found in control_report.values() for c in found})
        first = pages[0]
        case.fail("control characters %s are written raw into %d HTML pages (e.g. %s at %s); HTML forbids them "
                  "(the Nu checker: 'Forbidden code point'), the templates' escaping keeps them"
                  % (", ".join(kinds), len(pages), first, ", ".join("%d:%d %s" % c for c in control_report[first][:6])))


def check_xml(case, site):
    source = Source(site.site_dir)
    xml_files = site.files(".xml")
    case.check("sitemap.xml" in xml_files and "feed.xml" in xml_files, "feed.xml or sitemap.xml is missing: %s" % xml_files)
    kept = set()
    for rel in xml_files:
        data = site.read_bytes(rel)
        try:
            root = ET.fromstring(data)
        except ET.ParseError as error:
            case.fail("%s: not well-formed: %s" % (rel, error))
            continue
        for element in root.iter():
            case.check(not element.tag.lower().endswith("script"), "%s: a <script> element in the XML" % rel)
        text = data.decode("utf-8")
        for found in raw_controls(text):
            if found[2] == "U+007F":
                kept.add(rel)  # XML 1.0 allows DEL; reported as a note below
            else:
                case.fail("%s: %d:%d holds %s, which XML 1.0 forbids" % ((rel,) + found))
        if rel == "sitemap.xml" or root.tag != ATOM + "feed":
            continue
        case.check(root.findtext(ATOM + "title", "").startswith(source.site_title),
                   "%s: feed title %s does not hold the site title %s" % (rel, shorten(root.findtext(ATOM + "title")), shorten(source.site_title)))
        for entry in root.findall(ATOM + "entry"):
            url = entry.findtext(ATOM + "id")
            notice_id = url[len(site.base_url) + len(site.segments["notices"]) + 1:].strip("/")
            matter = source.notices.get(notice_id)
            if not case.check(matter is not None, "%s: entry %s is no notice of the fixture" % (rel, url)):
                continue
            for field, original in (("title", matter["title"]), ("summary", matter.get("summary"))):
                if original is None:
                    continue
                actual = entry.findtext(ATOM + field)
                forms = {XML_FORBIDDEN.sub("", original), without_controls(original)}
                case.check(actual in forms, "%s: %s <%s> %s, expected %s" % (rel, url, field, shorten(actual), shorten(without_controls(original))))
                escaped = without_controls(original).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                if "<" in original:
                    case.check(escaped.replace('"', "&quot;").replace("'", "&apos;") in text or escaped in text,
                               "%s: the escaped %s of %s is not in the file" % (rel, field, url))
            content = entry.findtext(ATOM + "content") or ""
            parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
            fragment = parser.parseFragment(content)
            scripts = [e for e in fragment.iter() if e.tag == "script"]
            case.check(not scripts, "%s: %s <content> holds a <script> element" % (rel, url))
    if kept:
        case.note("U+007F (DEL) is kept in %s: XML 1.0 allows it, HTML does not; the other control characters are removed"
                  % ", ".join(sorted(kept)))
    else:
        case.note("control characters are removed from the XML files")


def german_quotes(text):
    """Straight double quotes as the generator's German typography writes them: „opening“."""
    out, opening = [], True
    for char in text:
        if char == '"':
            out.append("\u201e" if opening else "\u201c")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


def check_json(case, site):
    source = Source(site.site_dir)
    files = site.files(".json")
    compared = 0
    for rel in files:
        raw = site.read_bytes(rel).decode("utf-8")
        try:
            doc = json.loads(raw)
        except ValueError as error:
            case.fail("%s: does not parse: %s" % (rel, error))
            continue
        for char in "<>&":
            case.check(char not in raw, "%s: a literal %s (documented as \\u-escaped)" % (rel, char))
        if isinstance(doc, dict) and "textShards" in doc:  # search.json: titles here, ids and summaries in text shards
            texts = []
            for path in doc["textShards"]["paths"]:
                texts += json.loads(site.read_bytes(path).decode("utf-8"))
            titles = doc["notices"]["title"]
            case.check(len(texts) == len(titles), "%s: %d titles, %d summaries in its text shards" % (rel, len(titles), len(texts)))
            entries = [(notice_id, title, summary) for title, (notice_id, summary) in zip(titles, texts)]
        elif isinstance(doc, dict) and "notices" in doc:
            case.check(doc["site"]["title"] == source.site_title, "%s: site.title %s, expected %s" % (rel, shorten(doc["site"]["title"]), shorten(source.site_title)))
            entries = [(n["id"], n["title"], n["summary"]) for n in doc["notices"]]
            for notice in doc["notices"]:
                for product in notice["products"]:
                    if product["id"] in source.product_names:
                        case.check(product["label"] == source.product_names[product["id"]],
                                   "%s: label %s, expected %s" % (rel, shorten(product["label"]), shorten(source.product_names[product["id"]])))
        else:  # search term and text shards: read through search.json
            continue
        for notice_id, title, summary in entries:
            matter = source.notices.get(notice_id)
            if not case.check(matter is not None, "%s: %s is no notice of the fixture" % (rel, notice_id)):
                continue
            compared += 1
            # Control characters never enter the pipeline (docs/reliability.md); all else is exact.
            case.check(title == without_controls(matter["title"]), "%s: %s title %s, expected exactly %s" % (rel, notice_id, shorten(title), shorten(without_controls(matter["title"]))))
            if matter.get("summary"):
                case.check(summary == without_controls(matter["summary"]), "%s: %s summary %s, expected exactly %s" % (rel, notice_id, shorten(summary), shorten(without_controls(matter["summary"]))))
    case.check(compared > 0, "no JSON file held a notice")
    case.note("%d JSON files, %d titles compared exactly (control characters removed)" % (len(files), compared))


def check_calendars(case, site):
    source = Source(site.site_dir)
    files = site.files(".ics")
    events = 0
    for rel in files:
        data = site.read_bytes(rel)
        text = data.decode("utf-8")
        for found in raw_controls(text.replace("\r\n", "\n")):
            case.fail("%s: %d:%d holds the control character %s" % ((rel,) + found))
        try:
            calendar = icalendar.Calendar.from_ical(data)
        except Exception as error:
            case.fail("%s: icalendar cannot parse it: %s" % (rel, error))
            continue
        for event in calendar.walk("VEVENT"):
            events += 1
            url = str(event.get("URL"))
            notice_id = url[len(site.base_url) + len(site.segments["notices"]) + 1:].strip("/")
            matter = source.notices.get(notice_id)
            if not case.check(matter is not None, "%s: event for %s, no notice of the fixture" % (rel, url)):
                continue
            summary = str(event.get("SUMMARY"))
            case.check(summary == without_controls(matter["title"]), "%s: SUMMARY %s, expected %s" % (rel, shorten(summary), shorten(without_controls(matter["title"]))))
            description = str(event.get("DESCRIPTION"))
            if matter.get("summary"):
                case.check(without_controls(matter["summary"]) in description,
                           "%s: DESCRIPTION %s does not hold the summary %s" % (rel, shorten(description), shorten(without_controls(matter["summary"]))))
    case.check(events > 0, "no calendar event: the fixture's maintenance window is missing")
    case.note("%d calendars, %d events" % (len(files), events))
