"""6. Script injection: a corpus of hostile strings (data/injection_vectors.json, made by
make_vectors.py) is put into every text field of the front matter (title, summary, updates text,
not_affected free text), into the bodies in many Markdown contexts, and into the site title,
category names and product names; default settings (raw HTML off). The built site is then
PARSED, never grepped:

- HTML (every page, redirect pages included) with html5lib, as a browser would: no <script> other
  than the theme's own `src=".../assets/..."`, no on* attribute, no javascript:/vbscript:/file:/
  data: (except data:image/png|gif|jpeg|webp) in any URL attribute after the browser's own
  normalisation (entities decoded by the parser, leading/trailing C0 controls and spaces trimmed,
  tabs and newlines removed, lower-cased), no iframe/frame/object/embed/applet/base/srcdoc,
  no meta refresh except a relative one, no script in style.
- XML (Atom feeds, sitemap) with xml.etree: well-formed; every <content type="html"> payload is
  parsed as HTML and checked as above; links and <loc>s have safe schemes.
- JSON with json: well-formed, URL fields safe.
- iCalendar with icalendar: parses; only the properties the generator writes (no line injected).
- The checker is first run on known-bad snippets, so a broken checker cannot pass everything.

A second site holds titles and bodies with control characters (\\x01, \\x0b, ...) that XML forbids:
its feeds, sitemap and JSON must still be well-formed."""
import json
import os
import re
import xml.etree.ElementTree as ET

import rel_common as common
from rel_common import TempDir

DATA = os.path.join(common.HERE, "data", "injection_vectors.json")
NOW_DATE = "2026-11-29"

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "codebase",
                  "dynsrc", "lowsrc", "longdesc", "ping", "manifest", "icon", "profile", "classid", "archive"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "isindex"}
SVG_ACTIVE = {"animate", "set", "animatemotion", "animatetransform", "handler", "foreignobject", "script", "discard"}
SAFE_DATA = re.compile(r"^data:image/(png|gif|jpeg|webp)[;,]")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
CSS_DANGER = ("javascript:", "vbscript:", "expression(", "-moz-binding", "behavior:", "@import")
ICS_PROPERTIES = {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME", "X-WR-CALDESC", "X-WR-TIMEZONE",
                  "X-PUBLISHED-TTL", "REFRESH-INTERVAL", "NAME", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY",
                  "DESCRIPTION", "URL", "LOCATION", "STATUS", "SEQUENCE", "LAST-MODIFIED", "CREATED", "CATEGORIES",
                  "TRANSP", "CLASS", "TZID", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "RRULE", "COMMENT"}


# --- the checker ------------------------------------------------------------------------------

def local(name):
    return name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else ""


def namespace(name):
    return name[1:].split("}", 1)[0] if isinstance(name, str) and name.startswith("{") else ""


def normalise_url(value):
    """As the URL parser sees an attribute value (entities already decoded by the HTML parser):
    leading/trailing C0 controls and spaces trimmed, ASCII tab/newline removed (and, to be strict,
    every other C0 control), lower-cased."""
    value = value.strip("".join(chr(c) for c in range(0x21)))
    value = "".join(ch for ch in value if ord(ch) >= 0x20 and ch != "\x7f")
    return value.lower()


def dangerous_url(value):
    """The dangerous scheme of `value`, or None."""
    url = normalise_url(value)
    match = SCHEME.match(url)
    if not match:
        return None
    scheme = match.group(1)
    if scheme in ("javascript", "vbscript", "file", "livescript", "mocha"):
        return scheme
    if scheme == "data" and not SAFE_DATA.match(url):
        return "data (not an image)"
    return None


def relative_url(value):
    url = normalise_url(value)
    return not SCHEME.match(url) and not url.startswith("//") and not url.startswith("\\")


def check_html_tree(root, where, problems, allow_refresh):
    """Appends (rule, where, detail) for every executable thing in an html5lib etree."""
    for element in root.iter():
        tag = local(element.tag)
        ns = namespace(element.tag)
        attributes = {local(k) if namespace(k) != "http://www.w3.org/1999/xlink" else "xlink:" + local(k): v
                      for k, v in element.attrib.items()}
        if tag == "script":
            src = attributes.get("src")
            if not (src and relative_url(src) and "assets/" in src and not (element.text or "").strip()):
                problems.append(("script-element", where, "<script%s>%s" % (
                    "".join(' %s="%s"' % kv for kv in attributes.items()), (element.text or "")[:60])))
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(("dangerous-element", where, "<%s %s>" % (tag, attributes)))
        if ns in ("http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML") and tag in SVG_ACTIVE:
            problems.append(("dangerous-element", where, "<%s> in SVG/MathML %s" % (tag, attributes)))
        if tag == "meta" and "refresh" in attributes.get("http-equiv", "").lower():
            content = attributes.get("content", "")
            match = re.search(r"url\s*=\s*['\"]?(.*)$", content, re.I | re.S)
            target = match.group(1).strip().strip("'\"") if match else ""
            if not (allow_refresh and target and relative_url(target)):
                problems.append(("meta-refresh", where, "content=%r" % content))
        if tag == "style" and any(token in (element.text or "").lower() for token in CSS_DANGER):
            problems.append(("style-script", where, (element.text or "")[:80]))
        if tag == "link" and "import" in attributes.get("rel", "").lower():
            problems.append(("dangerous-element", where, "<link rel=import>"))
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(("event-handler", where, "<%s %s=%r>" % (tag, name, value[:60])))
            elif name == "srcdoc":
                problems.append(("dangerous-element", where, "<%s srcdoc=%r>" % (tag, value[:60])))
            elif name in URL_ATTRIBUTES or name in ("xlink:href",):
                scheme = dangerous_url(value)
                if scheme:
                    problems.append(("dangerous-url", where, "<%s %s=%r> (%s)" % (tag, name, value[:80], scheme)))
            elif name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0] if candidate.strip() else ""
                    if url and dangerous_url(url):
                        problems.append(("dangerous-url", where, "<%s srcset=%r>" % (tag, value[:80])))
            elif name == "style" and any(token in value.lower() for token in CSS_DANGER):
                problems.append(("style-script", where, "<%s style=%r>" % (tag, value[:80])))
            elif tag in ("animate", "set") and name in ("to", "values", "from") and dangerous_url(value):
                problems.append(("dangerous-url", where, "<%s %s=%r>" % (tag, name, value[:80])))


def parse_html(text):
    import html5lib
    return html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=True)


def check_html_text(text, where, problems, allow_refresh=False):
    check_html_tree(parse_html(text), where, problems, allow_refresh)


def check_xml(data, where, problems, html_payloads):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        problems.append(("xml-not-well-formed", where, str(error)))
        return None
    for element in root.iter():
        tag = local(element.tag)
        kind = element.attrib.get("type", "")
        if kind == "html" and element.text:
            html_payloads[0] += 1
            check_html_text(element.text, "%s <%s type=html>" % (where, tag), problems)
        elif kind == "xhtml":
            html_payloads[0] += 1
            check_html_tree(element, "%s <%s type=xhtml>" % (where, tag), problems, False)
        for name in ("href", "src", "uri"):
            if name in element.attrib and dangerous_url(element.attrib[name]):
                problems.append(("dangerous-url", where, "<%s %s=%r>" % (tag, name, element.attrib[name][:80])))
        if tag in ("loc", "id", "icon", "logo", "uri") and element.text and dangerous_url(element.text):
            problems.append(("dangerous-url", where, "<%s>%s" % (tag, element.text[:80])))
    return root


def check_json_urls(value, where, problems, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            check_json_urls(v, where, problems, k)
    elif isinstance(value, list):
        for v in value:
            check_json_urls(v, where, problems, key)
    elif isinstance(value, str) and (key == "url" or key.endswith("_url")) and dangerous_url(value):
        problems.append(("dangerous-url", where, "%s: %r" % (key, value[:80])))


def check_ics(data, where, problems):
    import icalendar
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # any parse error is the finding
        problems.append(("ics-unparsable", where, "%s: %s" % (type(error).__name__, error)))
        return 0
    events = 0
    for component in calendar.walk():
        if component.name == "VEVENT":
            events += 1
        for name in component.keys():
            if name.upper() not in ICS_PROPERTIES:
                problems.append(("ics-injected-property", where, "%s in %s" % (name, component.name)))
        url = component.get("URL")
        if url is not None and dangerous_url(str(url)):
            problems.append(("dangerous-url", where, "URL:%s" % url))
    # A raw line break in a value would start a new line that is neither folded nor a property.
    for number, line in enumerate(data.decode("utf-8", "replace").split("\r\n"), 1):
        if line and not line.startswith((" ", "\t")) and not re.match(r"^[A-Za-z0-9-]+[;:]", line):
            problems.append(("ics-broken-line", where, "line %d: %r" % (number, line[:80])))
    return events


SELF_TEST = [
    ('<p><script>alert(1)</script></p>', "script-element"),
    ('<img src=x onerror=alert(1)>', "event-handler"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "dangerous-url"),
    ('<a href=" java&#x09;script:alert(1)">x</a>', "dangerous-url"),
    ('<a href="JAVASCRIPT:alert(1)">x</a>', "dangerous-url"),
    ('<img src="data:text/html,x">', "dangerous-url"),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "dangerous-url"),
    ('<iframe src="https://x"></iframe>', "dangerous-element"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "meta-refresh"),
    ('<title></title><script>alert(1)</script>', "script-element"),
    ('<div style="background:url(javascript:alert(1))">', "style-script"),
    ('<img srcset="javascript:alert(1) 1x">', "dangerous-url"),
]
SELF_TEST_CLEAN = [
    '<script src="../assets/notices.js" defer></script><a href="https://example.com/x">x</a>',
    '<img src="data:image/png;base64,iVBO"><a href="mailto:x@example.com">m</a><a href="#abhilfe">a</a>',
    '<p>javascript:alert(1) als Text &lt;script&gt;</p><a title="javascript:alert(1)" href="">x</a>',
]


def self_test():
    """The checker flags every known-bad snippet and passes known-good ones."""
    missed = []
    for snippet, rule in SELF_TEST:
        problems = []
        check_html_text(snippet, "self-test", problems)
        if rule not in [p[0] for p in problems]:
            missed.append("%s not flagged as %s (got %s)" % (snippet, rule, [p[0] for p in problems]))
    for snippet in SELF_TEST_CLEAN:
        problems = []
        check_html_text(snippet, "self-test", problems)
        if problems:
            missed.append("clean snippet %s flagged: %s" % (snippet, problems))
    return missed


# --- the hostile site --------------------------------------------------------------------------

def yaml_quoted(text):
    """A YAML double-quoted scalar holding exactly `text` (libyaml's escapes)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F:
            out.append("\\x%02x" % code)
        elif code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


CATEGORIES = ["stoerung", "wartung", "sicherheit", "info"]
PRODUCTS = ["drkcms", "drkcms-v6", "drkcms-v6-kv", "drkcms-v7", "jrkcms", "all"]


def first_line(text):
    line = text.split("\n")[0].strip()
    return line or "x"


def notice_text(vectors, index):
    count = len(vectors)
    v = [vectors[(index + k) % count]["text"] for k in range(6)]
    day = 1 + index % 27
    extra = []
    if index % 4 != 3:  # every fourth notice derives its summary from the body, which starts with a vector
        extra.append("summary: %s" % yaml_quoted(v[1]))
    extra.append("updates:\n  - date: \"2026-11-%02dT10:00:00+01:00\"\n    text: %s\n  - date: \"2026-11-%02dT11:00:00+01:00\"\n    text: %s"
                 % (day, yaml_quoted(v[2]), day, yaml_quoted(v[4])))
    extra.append("not_affected: [%s, %s]" % (yaml_quoted("Frei: " + v[3]), yaml_quoted(v[3])))
    if index % 5 == 0:
        extra.append('window: { start: "%sT08:00:00+01:00", end: "2026-12-0%dT18:00:00+01:00" }' % (NOW_DATE, 1 + index % 8))
    if index % 3 == 1:
        extra.append("status: ongoing")
    if index % 11 == 0:
        extra.append("pinned: true")
    if index % 7 == 0:
        extra.append("aliases: [/alt/inj-%03d.html, /alt/inj-%03d/]" % (index, index))
    head = "---\ntitle: %s\ndate: 2026-11-%02dT09:%02d:00+01:00\ncategory: %s\nproducts: [%s]\nslug: inj-%03d\n%s\n---\n" % (
        yaml_quoted(v[0]), day, index % 60, CATEGORIES[index % 4], PRODUCTS[index % len(PRODUCTS)], index, "\n".join(extra))
    line = first_line(v[0])
    cell = line.replace("|", "\\|")
    body = "\n\n".join([
        v[0],
        "Sehr geehrte Kunden, dieser Absatz ist lang genug, um als Zusammenfassung zu dienen: " + v[5],
        "## " + line,
        "### Variante " + first_line(v[5]),
        "- " + line + "\n- [ ] " + line + "\n  - " + first_line(v[1]),
        "1. " + line,
        "> " + line + "\n>\n> " + first_line(v[2]),
        "| Spalte | " + cell + " |\n|---|---|\n| " + cell + " | x |",
        "[%s](https://example.com/ok \"%s\")" % (line.replace("]", "\\]"), line.replace('"', '\\"')),
        "Text mit Fußnote[^f%d].\n\n[^f%d]: %s" % (index, index, line),
        "```" + line.replace("`", "'") + "\nCode " + line + "\n```",
        "*%s* **%s** ~~%s~~ `%s`" % (line, line, line, line.replace("`", "'")),
        v[3],
    ]) + "\n"
    return head + body


def hostile_site(root, vectors):
    catalog = """\
- id: drkcms
  name: %s
  children:
    - id: drkcms-v6
      name: %s
      since: 2014
      children:
        - { id: drkcms-v6-kv, name: %s }
    - { id: drkcms-v7, name: "DRKCMS v7", since: 2017, label: %s }
- id: jrkcms
  name: %s
""" % tuple(yaml_quoted(text) for text in (
        "DRKCMS <script>alert(1)</script>", "DRKCMS v6 \" onmouseover=\"alert(1)", "<img src=x onerror=alert(1)>",
        "</title><script>alert(1)</script>", "[x](javascript:alert(1)) <svg onload=alert(1)>"))
    settings = """title: %s
base_url: https://hilfe.example.de/
categories:
  - { id: stoerung, name: %s }
  - { id: wartung, name: %s }
  - { id: sicherheit, name: %s }
  - { id: info, name: %s }
""" % tuple(yaml_quoted(text) for text in (
        "Kundeninfo </title><script>alert(1)</script>", "Störung\" onclick=\"alert(1)", "<iframe src=javascript:alert(1)>",
        "Sicherheit'><img src=x onerror=alert(1)>", "Info ]]></title><script>alert(1)</script>"))
    notices = {"2026/inj-%03d.md" % index: notice_text(vectors, index) for index in range(len(vectors))}
    common.make_site(root, notices, catalog=catalog, settings=settings)
    return root


CONTROL_CHARACTERS = ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff"]


def control_site(root):
    notices = {}
    for index, ch in enumerate(CONTROL_CHARACTERS):
        title = "Steuerzeichen %r: A%sB <b>fett</b> & \"Zitat\"" % (ch, ch)
        body = "Absatz mit dem Steuerzeichen %sX im Text, lang genug für eine Zusammenfassung.\n\n## Über%sschrift\n\n[Link%s](https://example.com/%s)\n" % (
            ch, ch, ch, "a")
        if ch in ("\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"):
            raw = body.encode("utf-8")
        else:
            raw = body.encode("utf-8")
        text = "---\ntitle: %s\ndate: 2026-11-%02d\ncategory: stoerung\nproducts: [drkcms-v7]\nsummary: %s\nwindow: { start: \"2026-11-30T08:00:00+01:00\", end: \"2026-11-30T09:00:00+01:00\" }\nupdates:\n  - { date: \"2026-11-02T10:00:00+01:00\", text: %s }\n---\n" % (
            yaml_quoted(title), index + 1, yaml_quoted("Zusammenfassung" + ch + "mit Steuerzeichen"), yaml_quoted("Update" + ch))
        notices["2026/steuer-%02d.md" % index] = text.encode("utf-8") + raw
    common.make_site(root, notices)
    return root


# --- running -------------------------------------------------------------------------------------

def check_output(folder, templates_assets):
    """(problems, stats) for every file of a built site."""
    problems = []
    stats = {"html": 0, "xml": 0, "json": 0, "ics": 0, "other": 0, "html_payloads": [0], "events": 0}
    for directory, _, files in os.walk(folder):
        for name in sorted(files):
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            data = common.read(path)
            if name.endswith(".html"):
                stats["html"] += 1
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as error:
                    problems.append(("not-utf8", relative, str(error)))
                    continue
                is_redirect = 'http-equiv="refresh"' in text and relative.split("/")[0] == "alt"
                check_html_text(text, relative, problems, allow_refresh=is_redirect)
            elif name.endswith(".xml"):
                stats["xml"] += 1
                check_xml(data, relative, problems, stats["html_payloads"])
            elif name.endswith(".json"):
                stats["json"] += 1
                try:
                    check_json_urls(json.loads(data.decode("utf-8")), relative, problems)
                except (ValueError, UnicodeDecodeError) as error:
                    problems.append(("json-not-well-formed", relative, str(error)))
            elif name.endswith(".ics"):
                stats["ics"] += 1
                stats["events"] += check_ics(data, relative, problems)
            elif name == "_redirects":
                for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
                    fields = line.split()
                    if line and not (len(fields) == 3 and fields[0].startswith("/") and fields[1].startswith("/") and fields[2] == "301"):
                        problems.append(("redirects-line", relative, "line %d: %r" % (number, line[:80])))
            elif relative.startswith("assets/"):
                stats["other"] += 1
                source = os.path.join(templates_assets, relative[len("assets/"):])
                if not os.path.exists(source) or common.read(source) != data:
                    problems.append(("asset-changed", relative, "differs from templates/assets"))
            else:
                stats["other"] += 1
    return problems, stats


def report_problems(reporter, prefix, problems, rules, detail):
    for rule in rules:
        found = [p for p in problems if p[0] == rule]
        lines = ["%s: %s" % (where, what) for _, where, what in found[:12]]
        reporter.check("%s/%s" % (prefix, rule), not found,
                       "%d finding(s):\n%s%s" % (len(found), common.indent("\n".join(lines)), "\n       | ..." if len(found) > 12 else ""),
                       detail)
    other = sorted({p[0] for p in problems} - set(rules))
    for rule in other:
        found = [p for p in problems if p[0] == rule]
        reporter.fail("%s/%s" % (prefix, rule), "%d finding(s):\n%s" % (len(found), common.indent("\n".join("%s: %s" % (w, x) for _, w, x in found[:12]))))


HTML_RULES = ["script-element", "event-handler", "dangerous-url", "dangerous-element", "meta-refresh", "style-script"]
DATA_RULES = ["xml-not-well-formed", "json-not-well-formed", "ics-unparsable", "ics-injected-property", "ics-broken-line",
              "redirects-line", "asset-changed", "not-utf8"]


def run(reporter):
    missed = self_test()
    if not reporter.check("checker-self-test", not missed, "the output checker is broken:\n" + common.indent("\n".join(missed)),
                          "%d bad snippets flagged, %d clean ones passed" % (len(SELF_TEST), len(SELF_TEST_CLEAN))):
        return
    with open(DATA, encoding="utf-8") as handle:
        vectors = json.load(handle)
    reporter.check("corpus-size", len(vectors) >= 200, "only %d vectors in %s" % (len(vectors), DATA), "%d vectors" % len(vectors))
    with TempDir("inject") as temp:
        site = hostile_site(os.path.join(temp, "site"), vectors)
        output = os.path.join(temp, "public")
        result = common.build(site, output)
        refused = []
        if result.returncode != 0:
            # Refusing a hostile value with a clear diagnostic is safe; the rest is still checked.
            refused = sorted({e["path"] for e in result.errors})
            reporter.check("build", bool(refused) and result.returncode == 1,
                           "the hostile site did not build: %s" % result.describe(),
                           "%d notice(s) refused with diagnostics; checking the rest" % len(refused))
            reporter.info("refused:\n" + common.indent(common.clip(result.stderr, 3000)))
            for path in refused:
                if os.path.exists(os.path.join(site, path)):
                    os.remove(os.path.join(site, path))
            result = common.build(site, output)
        if not reporter.check("build", result.returncode == 0, result.describe(), "built in %.2f s" % result.elapsed):
            return
        pages = sum(1 for i in range(len(vectors)) if os.path.exists(os.path.join(output, "meldungen", "2026", "inj-%03d" % i, "index.html")))
        reporter.check("every-vector-published", pages + len(refused) >= len(vectors),
                       "only %d of %d notice pages were written" % (pages, len(vectors)), "%d notice pages" % pages)
        visible = titles_visible(output, vectors)
        reporter.check("vectors-reach-the-pages-as-text", visible >= len(vectors) // 2,
                       "only %d of %d titles appear as text in their page's <h1>: the corpus may not reach the output" % (visible, len(vectors)),
                       "%d of %d titles shown verbatim as text" % (visible, len(vectors)))
        problems, stats = check_output(output, os.path.join(site, "templates", "assets"))
        detail = "%d HTML, %d XML (%d HTML payloads), %d JSON, %d ICS files (%d events)" % (
            stats["html"], stats["xml"], stats["html_payloads"][0], stats["json"], stats["ics"], stats["events"])
        report_problems(reporter, "hostile-site", problems, HTML_RULES + DATA_RULES, detail)
        reporter.check("hostile-site/atom-html-payloads-checked", stats["html_payloads"][0] > 0,
                       "no <content type=\"html\"> found in any feed: the Atom check checked nothing", "%d payloads" % stats["html_payloads"][0])
        reporter.check("hostile-site/calendar-events-checked", stats["events"] > 0, "no VEVENT in any calendar: the ICS check checked nothing",
                       "%d events" % stats["events"])

        control = control_site(os.path.join(temp, "control"))
        control_output = os.path.join(temp, "control-public")
        result = common.build(control, control_output)
        if reporter.check("control-characters/build", result.returncode == 0,
                          "titles, summaries and bodies with XML-illegal control characters did not build: %s" % result.describe(),
                          "built %d notices with %s" % (len(CONTROL_CHARACTERS), ", ".join(repr(c) for c in CONTROL_CHARACTERS))):
            problems, stats = check_output(control_output, os.path.join(control, "templates", "assets"))
            report_problems(reporter, "control-characters", problems, ["xml-not-well-formed", "json-not-well-formed", "ics-unparsable"] + HTML_RULES,
                            "%d XML, %d JSON, %d ICS files well-formed" % (stats["xml"], stats["json"], stats["ics"]))


def titles_visible(output, vectors):
    count = 0
    for index, vector in enumerate(vectors):
        path = os.path.join(output, "meldungen", "2026", "inj-%03d" % index, "index.html")
        if not os.path.exists(path):
            continue
        tree = parse_html(common.read(path).decode("utf-8"))
        h1 = [e for e in tree.iter() if local(e.tag) == "h1"]
        text = " ".join("".join(h1[0].itertext()).split()) if h1 else ""
        if " ".join(vector["text"].split()) in text:
            count += 1
    return count

