"""Atom feeds (docs/outputs.md, "Atom feeds"): parsed with feedparser and xml.etree; ids, dates,
order, roll-up membership; every HTML page links an existing feed."""
import urllib.parse
import xml.etree.ElementTree as ET

import feedparser

from v_common import parse_rfc3339, top_k_check, without_controls, XML_FORBIDDEN

ATOM = "{http://www.w3.org/2005/Atom}"


def expected_feeds(site):
    feeds = ["feed.xml"]
    feeds += [site.product_rel(p, "feed.xml") for p in site.catalog.ids]
    feeds += [site.category_rel(c, "feed.xml") for c in site.categories]
    return feeds


def is_absolute(url):
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def read_feed(case, site, rel):
    """Parses one feed both ways; returns a list of entry dicts, or None when it cannot be read."""
    data = site.read_bytes(rel)
    parsed = feedparser.parse(data)
    if parsed.get("bozo"):
        case.fail("%s: feedparser bozo=%s: %s" % (rel, parsed.get("bozo"), parsed.get("bozo_exception")))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        case.fail("%s: not well-formed XML: %s" % (rel, error))
        return None
    if root.tag != ATOM + "feed":
        case.fail("%s: root element is %s, expected an Atom <feed>" % (rel, root.tag))
        return None
    feed_url = site.base_url + rel
    case.check(root.findtext(ATOM + "id") == feed_url, "%s: feed id %r, expected %r" % (rel, root.findtext(ATOM + "id"), feed_url))
    selfs = [l.get("href") for l in root.findall(ATOM + "link") if l.get("rel") == "self"]
    case.check(selfs == [feed_url], "%s: rel=self link %r, expected [%r]" % (rel, selfs, feed_url))
    try:
        parse_rfc3339(root.findtext(ATOM + "updated"))
    except ValueError as error:
        case.fail("%s: feed <updated>: %s" % (rel, error))
    case.check(bool(root.findtext(ATOM + "title")), "%s: feed has no <title>" % rel)

    entries = []
    for element in root.findall(ATOM + "entry"):
        links = [l.get("href") for l in element.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"]
        entry = {
            "id": element.findtext(ATOM + "id"),
            "links": links,
            "title": element.findtext(ATOM + "title"),
            "summary": element.findtext(ATOM + "summary"),
            "published": element.findtext(ATOM + "published"),
            "updated": element.findtext(ATOM + "updated"),
        }
        for field in ("published", "updated"):
            try:
                entry[field + "_at"] = parse_rfc3339(entry[field])
            except ValueError as error:
                case.fail("%s: entry %s <%s>: %s" % (rel, entry["id"], field, error))
                entry[field + "_at"] = None
        entries.append(entry)
    # feedparser must see the same entries.
    fp_ids = [e.get("id") for e in parsed.entries]
    case.check(fp_ids == [e["id"] for e in entries],
               "%s: feedparser read entry ids %r, xml.etree %r" % (rel, fp_ids, [e["id"] for e in entries]))
    for fp_entry in parsed.entries:
        case.check(fp_entry.get("published_parsed") is not None and fp_entry.get("updated_parsed") is not None,
                   "%s: feedparser could not read the dates of %s" % (rel, fp_entry.get("id")))
    return entries


def check_feeds(case, site):
    all_notices = site.json("notices.json")["notices"]
    by_url = {n["url"]: n for n in all_notices}
    feeds = expected_feeds(site)
    present = set(site.files("feed.xml"))
    for rel in feeds:
        case.check(rel in present, "%s: missing" % rel)
    for rel in sorted(present - set(feeds)):
        case.fail("%s: a feed for no catalog node or category" % rel)

    def date_key(notice):
        return site.parse_date(notice["date"])

    counts = {}
    for rel in feeds:
        if rel not in present:
            continue
        entries = read_feed(case, site, rel)
        if entries is None:
            continue
        counts[rel] = len(entries)
        ids = [e["id"] for e in entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        case.check(not duplicates, "%s: duplicate entry ids %s" % (rel, duplicates))
        for entry in entries:
            ident = entry["id"]
            if not case.check(ident and is_absolute(ident), "%s: entry id %r is not an absolute URL" % (rel, ident)):
                continue
            case.check(ident.startswith(site.base_url), "%s: entry id %s does not start with the base URL %s" % (rel, ident, site.base_url))
            case.check(entry["links"] == [ident], "%s: entry %s: alternate link(s) %r, expected the id" % (rel, ident, entry["links"]))
            target = site.url_to_rel(ident)
            case.check(target and site.exists(target), "%s: entry %s: no page at that URL in the output" % (rel, ident))
            notice = by_url.get(ident)
            if not case.check(notice is not None, "%s: entry %s is not in notices.json" % (rel, ident)):
                continue
            if entry["published_at"] and entry["updated_at"]:
                case.check(entry["updated_at"] >= entry["published_at"], "%s: %s updated %s before published %s"
                           % (rel, ident, entry["updated"], entry["published"]))
                case.check(entry["published_at"] == site.parse_date(notice["date"]),
                           "%s: %s published %s, notices.json date %s" % (rel, ident, entry["published"], notice["date"]))
                case.check(entry["updated_at"] == site.parse_date(notice["updated"]),
                           "%s: %s updated %s, notices.json updated %s" % (rel, ident, entry["updated"], notice["updated"]))
            expected_title = XML_FORBIDDEN.sub("", notice["title"])
            case.check(entry["title"] in (expected_title, without_controls(notice["title"])),
                       "%s: %s title %r, expected %r" % (rel, ident, entry["title"], expected_title))
        published = [e["published_at"] for e in entries if e["published_at"]]
        for index in range(1, len(published)):
            if published[index] > published[index - 1]:
                case.fail("%s: entries not newest first by published: %s (%s) after %s (%s)"
                          % (rel, ids[index], entries[index]["published"], ids[index - 1], entries[index - 1]["published"]))
                break

        actual = set(ids)
        if rel == "feed.xml":
            top_k_check(case, rel, actual, all_notices, date_key, site.feed_size)
        elif rel.startswith(site.segments["products"] + "/"):
            product = rel.split("/")[1]
            json_rel = site.product_rel(product, "notices.json")
            if case.check(site.exists(json_rel), "%s: %s is missing" % (rel, json_rel)):
                top_k_check(case, rel + " vs " + json_rel, actual, site.json(json_rel)["notices"], date_key, site.feed_size)
            rolled = [n for n in all_notices if site.catalog.reaches([p["id"] for p in n["products"]], product)]
            top_k_check(case, rel + " vs roll-up from products.yml", actual, rolled, date_key, site.feed_size)
        else:
            category = rel.split("/")[1]
            in_category = [n for n in all_notices if n["category"]["id"] == category]
            top_k_check(case, rel + " vs category", actual, in_category, date_key, site.feed_size)
    case.note("%d feeds, %d entries in all (feed_size %d)" % (len(counts), sum(counts.values()), site.feed_size))


def check_feed_links(case, site):
    """Every HTML page (alias redirects aside) names a feed that exists; product and category
    pages name their own."""
    feeds = set(expected_feeds(site))
    products, categories = site.segments["products"], site.segments["categories"]
    pages = site.content_pages()
    skipped = [rel for rel in site.html_files() if rel not in pages]
    for rel in pages:
        doc = site.html(rel)
        links = [l for l in doc.iter("link")
                 if "alternate" in (l.get("rel") or "").lower().split() and (l.get("type") or "").lower() == "application/atom+xml"]
        if not case.check(links, "%s: no <link rel=\"alternate\" type=\"application/atom+xml\">" % rel):
            continue
        targets = []
        for link in links:
            target = site.resolve(rel, link.get("href") or "")
            targets.append(target)
            case.check(target in feeds and site.exists(target),
                       "%s: feed link %r resolves to %r, which is not a feed of the site" % (rel, link.get("href"), target))
        parts = rel.split("/")
        if len(parts) >= 3 and parts[0] in (products, categories):
            own = "%s/%s/feed.xml" % (parts[0], parts[1])
            case.check(own in targets, "%s: links %r, expected its own feed %s" % (rel, targets, own))
    case.note("%d pages checked; alias redirect pages left out (no feed link by design): %d" % (len(pages), len(skipped)))
