"""The JSON API (docs/outputs.md, "JSON API (schema version 1)"): parses, version, exact key order,
types, URLs that exist, and per-product files holding exactly the roll-up set."""
import re
from collections import OrderedDict

from v_common import DATE_ONLY, parse_rfc3339

TOP = ["version", "site", "next_change", "notices"]
TOP_PRODUCT = ["version", "site", "product", "next_change", "notices"]
SITE = ["title", "url"]
PRODUCT = ["id", "label", "url"]
NOTICE = ["id", "title", "url", "date", "updated", "category", "products", "summary", "status", "impact", "resolved_at",
          "window", "updates", "not_affected", "state", "pinned", "expires_at"]
UPDATE = ["date", "text", "html"]
CATEGORY = ["id", "name"]
PRODUCT_REF = ["id", "label"]
WINDOW = ["start", "end"]
STATE = ["label", "current", "window_phase", "expired"]
STATUSES = {None, "ongoing", "monitoring", "resolved"}
ID_SPELLING = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IMPACTS = {"minor", "major", "critical"}
IMPACT_CATEGORIES = {"stoerung", "sicherheit"}
PHASES = {None, "upcoming", "running", "finished"}


def keys(case, where, value, expected):
    if not isinstance(value, OrderedDict):
        case.fail("%s: expected an object, got %r" % (where, type(value).__name__))
        return False
    actual = list(value.keys())
    return case.check(actual == expected, "%s: keys %s, documented order %s" % (where, actual, expected))


def is_string(value):
    return isinstance(value, str)


def check_date(case, where, value, allow_date=False, allow_null=False):
    if value is None:
        case.check(allow_null, "%s is null" % where)
        return
    if not isinstance(value, str):
        case.fail("%s: %r is not a string" % (where, value))
        return
    if allow_date and DATE_ONLY.match(value):
        return
    try:
        parse_rfc3339(value)
    except ValueError as error:
        case.fail("%s: %s" % (where, error))


def check_notice(case, site, where, notice):
    if not keys(case, where, notice, NOTICE):
        return
    for field in ("id", "title", "url", "summary"):
        case.check(is_string(notice[field]), "%s.%s is not a string" % (where, field))
    expected_url = "%s%s/%s/" % (site.base_url, site.segments["notices"], notice["id"])
    case.check(notice["url"] == expected_url, "%s.url %r, expected %r from its id" % (where, notice["url"], expected_url))
    rel = site.url_to_rel(notice["url"]) if is_string(notice["url"]) else None
    case.check(rel and site.exists(rel), "%s.url %r: no page in the output" % (where, notice["url"]))
    check_date(case, where + ".date", notice["date"], allow_date=True)
    check_date(case, where + ".updated", notice["updated"])
    check_date(case, where + ".resolved_at", notice["resolved_at"], allow_date=True, allow_null=True)
    check_date(case, where + ".expires_at", notice["expires_at"], allow_date=True, allow_null=True)
    if keys(case, where + ".category", notice["category"], CATEGORY):
        case.check(notice["category"]["id"] in site.categories, "%s.category.id %r is not a category of site.yml"
                   % (where, notice["category"]["id"]))
    if case.check(isinstance(notice["products"], list), "%s.products is not a list" % where):
        for index, product in enumerate(notice["products"]):
            if keys(case, "%s.products[%d]" % (where, index), product, PRODUCT_REF):
                case.check(product["id"] == "all" or product["id"] in site.catalog.ids,
                           "%s.products[%d].id %r is not in products.yml" % (where, index, product["id"]))
    case.check(notice["status"] in STATUSES, "%s.status %r" % (where, notice["status"]))
    if notice["category"]["id"] in IMPACT_CATEGORIES:
        case.check(notice["impact"] in IMPACTS, "%s.impact %r on a %s notice" % (where, notice["impact"], notice["category"]["id"]))
    else:
        case.check(notice["impact"] is None, "%s.impact %r on a %s notice (documented: null)" % (where, notice["impact"], notice["category"]["id"]))
    if notice["window"] is not None and keys(case, where + ".window", notice["window"], WINDOW):
        check_date(case, where + ".window.start", notice["window"]["start"])
        check_date(case, where + ".window.end", notice["window"]["end"])
    if case.check(isinstance(notice["updates"], list), "%s.updates is not a list" % where):
        for index, update in enumerate(notice["updates"]):
            if keys(case, "%s.updates[%d]" % (where, index), update, UPDATE):
                check_date(case, "%s.updates[%d].date" % (where, index), update["date"], allow_date=True)
                case.check(is_string(update["text"]) and not re.search(r"</?(p|em|strong|a|code)\b", update["text"]),
                           "%s.updates[%d].text %r is not plain text" % (where, index, update["text"]))
                case.check(is_string(update["html"]), "%s.updates[%d].html is not a string" % (where, index))
        try:
            dates = [site.parse_date(u["date"]) for u in notice["updates"]]
            case.check(dates == sorted(dates, reverse=True), "%s.updates are not newest first" % where)
        except (ValueError, TypeError, KeyError) as error:
            case.fail("%s.updates: %s" % (where, error))
    if case.check(isinstance(notice["not_affected"], list), "%s.not_affected is not a list" % where):
        for index, entry in enumerate(notice["not_affected"]):
            case.check(is_string(entry) and entry.strip() == entry and entry,
                       "%s.not_affected[%d] %r is not a non-empty string" % (where, index, entry))
            if is_string(entry) and ID_SPELLING.match(entry):
                case.check(entry in site.catalog.ids, "%s.not_affected[%d] %r is spelled like an id but not in products.yml"
                           % (where, index, entry))
    if keys(case, where + ".state", notice["state"], STATE):
        state = notice["state"]
        case.check(state["label"] is None or is_string(state["label"]), "%s.state.label %r" % (where, state["label"]))
        case.check(isinstance(state["current"], bool), "%s.state.current %r" % (where, state["current"]))
        case.check(isinstance(state["expired"], bool), "%s.state.expired %r" % (where, state["expired"]))
        case.check(state["window_phase"] in PHASES, "%s.state.window_phase %r" % (where, state["window_phase"]))
        case.check((state["window_phase"] is None) == (notice["window"] is None),
                   "%s.state.window_phase %r with window %r" % (where, state["window_phase"], notice["window"]))
    case.check(isinstance(notice["pinned"], bool), "%s.pinned %r" % (where, notice["pinned"]))


def check_document(case, site, rel, product=None):
    raw = site.read_bytes(rel).decode("utf-8")
    for char, name in (("<", "<"), (">", ">"), ("&", "&"), ("\u2028", "U+2028"), ("\u2029", "U+2029")):
        case.check(char not in raw, "%s: a literal %s in the file (documented as \\u-escaped)" % (rel, name))
    try:
        doc = site.json(rel)
    except ValueError as error:
        case.fail("%s: does not parse: %s" % (rel, error))
        return None
    if not keys(case, rel, doc, TOP_PRODUCT if product else TOP):
        return None
    case.check(doc["version"] == 1 and type(doc["version"]) is int, "%s: version %r, expected 1" % (rel, doc["version"]))
    if keys(case, rel + ": site", doc["site"], SITE):
        case.check(doc["site"]["url"] == site.base_url, "%s: site.url %r, expected %r" % (rel, doc["site"]["url"], site.base_url))
        case.check(doc["site"]["title"] == site.site_title, "%s: site.title %r, expected %r" % (rel, doc["site"]["title"], site.site_title))
    if product and keys(case, rel + ": product", doc["product"], PRODUCT):
        case.check(doc["product"]["id"] == product, "%s: product.id %r" % (rel, doc["product"]["id"]))
        url = site.base_url + "%s/%s/" % (site.segments["products"], product)
        case.check(doc["product"]["url"] == url, "%s: product.url %r, expected %r" % (rel, doc["product"]["url"], url))
    check_date(case, rel + ": next_change", doc["next_change"], allow_null=True)
    if not case.check(isinstance(doc["notices"], list), "%s: notices is not a list" % rel):
        return None
    for index, notice in enumerate(doc["notices"]):
        check_notice(case, site, "%s: notices[%d]" % (rel, index), notice)
    urls = [n.get("url") for n in doc["notices"]]
    duplicates = sorted({u for u in urls if urls.count(u) > 1})
    case.check(not duplicates, "%s: notices listed twice: %s" % (rel, duplicates))
    return doc


def check_json(case, site):
    whole = check_document(case, site, "notices.json")
    if whole is None:
        return
    by_url = {n["url"]: n for n in whole["notices"]}
    expected_files = {site.product_rel(p, "notices.json") for p in site.catalog.ids}
    present = {rel for rel in site.files("notices.json") if rel != "notices.json"}
    for rel in sorted(expected_files - present):
        case.fail("%s: missing" % rel)
    for rel in sorted(present - expected_files):
        case.fail("%s: a JSON file for no catalog node" % rel)
    sizes = []
    for product in site.catalog.ids:
        rel = site.product_rel(product, "notices.json")
        if rel not in present:
            continue
        doc = check_document(case, site, rel, product=product)
        if doc is None:
            continue
        sizes.append(len(doc["notices"]))
        case.check(doc["next_change"] == whole["next_change"], "%s: next_change %r, notices.json has %r"
                   % (rel, doc["next_change"], whole["next_change"]))
        actual = {n["url"] for n in doc["notices"]}
        expected = {n["url"] for n in whole["notices"] if site.catalog.reaches([p["id"] for p in n["products"]], product)}
        for url in sorted(expected - actual):
            case.fail("%s: roll-up says %s concerns %s, but it is missing" % (rel, url, product))
        for url in sorted(actual - expected):
            case.fail("%s: holds %s, which roll-up does not bring to %s (products %s)"
                      % (rel, url, product, [p["id"] for p in by_url.get(url, {}).get("products", [])]))
        for notice in doc["notices"]:
            if notice["url"] in by_url:
                case.check(notice == by_url[notice["url"]], "%s: the entry of %s differs from notices.json" % (rel, notice["url"]))
    case.note("notices.json: %d notices; %d product files holding %d entries in all"
              % (len(whole["notices"]), len(sizes), sum(sizes)))
