"""iCalendar (docs/outputs.md, "iCalendar"): every .ics parses with `icalendar` and the strict `ical`
and holds at least one component, one VEVENT per
window of the matching notices.json, stable unique UIDs, DTSTART < DTEND, CRLF, 75-octet lines."""
import datetime as dt

import icalendar
from ical.calendar_stream import IcsCalendarStream  # the strict parser (PyPI `ical`, pydantic-validated)

from v_common import without_controls


def expected_calendars(site):
    """A calendar exactly where the matching notices.json has a notice with a window: RFC 5545
    requires at least one component, so a catalog node without windows gets none."""
    every = ["wartung.ics"] + [site.product_rel(p, "wartung.ics") for p in site.catalog.ids]
    return [rel for rel in every if any(n["window"] is not None for n in site.json(json_for(site, rel))["notices"])]


def json_for(site, rel):
    return "notices.json" if rel == "wartung.ics" else rel.rsplit("/", 1)[0] + "/notices.json"


def check_lines(case, rel, data):
    if not case.check(data.endswith(b"\r\n"), "%s: does not end with CRLF" % rel):
        return
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            case.fail("%s: line %d has a bare LF or CR (lines must end with CRLF)" % (rel, number))
            break
    for number, line in enumerate(lines, 1):
        if len(line) > 75:
            case.fail("%s: line %d is %d octets long (at most 75): %r" % (rel, number, len(line), line[:80]))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            case.fail("%s: line %d is not UTF-8 by itself (folded inside a character?)" % (rel, number))
        if not line:
            case.fail("%s: line %d is empty" % (rel, number))


def as_utc(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc)
    return value


def read_calendar(case, site, rel):
    """{url: uid} of one calendar, after checking it; None when it cannot be read."""
    data = site.read_bytes(rel)
    check_lines(case, rel, data)
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # icalendar raises ValueError and friends
        case.fail("%s: icalendar cannot parse it: %s" % (rel, error))
        return None
    try:
        strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
        case.check(len(strict.events) + len(strict.todos) + len(strict.journal) >= 1,
                   "%s: the strict parser finds no component (RFC 5545 requires one)" % rel)
    except Exception as error:
        case.fail("%s: the strict parser (ical) rejects it: %s" % (rel, error))
    if not case.check(calendar.name == "VCALENDAR", "%s: top component %s" % (rel, calendar.name)):
        return None
    case.check(str(calendar.get("VERSION")) == "2.0", "%s: VERSION %r" % (rel, calendar.get("VERSION")))
    case.check(calendar.get("PRODID"), "%s: no PRODID" % rel)
    for component in calendar.walk():
        for error in getattr(component, "errors", []) or []:
            case.fail("%s: %s: icalendar reports %s" % (rel, component.name, error))

    notices = site.json(json_for(site, rel))["notices"]
    windows = {n["url"]: n for n in notices if n["window"] is not None}
    events = calendar.walk("VEVENT")
    case.check(len(events) >= 1, "%s: a calendar without any VEVENT (RFC 5545 requires a component)" % rel)
    case.check(len(events) == len(windows), "%s: %d VEVENTs, %s has %d notices with a window"
               % (rel, len(events), json_for(site, rel), len(windows)))
    uids = {}
    seen = set()
    for event in events:
        uid = str(event.get("UID") or "")
        url = str(event.get("URL") or "")
        where = "%s: VEVENT %s" % (rel, uid or "(no UID)")
        if not case.check(uid, "%s has no UID" % where):
            continue
        case.check(uid not in seen, "%s: UID %s appears twice" % (rel, uid))
        seen.add(uid)
        case.check(event.get("DTSTAMP") is not None, "%s has no DTSTAMP" % where)
        start, end = event.get("DTSTART"), event.get("DTEND")
        if not case.check(start is not None and end is not None, "%s lacks DTSTART or DTEND" % where):
            continue
        start, end = as_utc(start.dt), as_utc(end.dt)
        case.check(isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and start < end,
                   "%s: DTSTART %s is not before DTEND %s" % (where, start, end))
        notice = windows.get(url)
        if not case.check(notice is not None, "%s: URL %r is not a notice with a window in %s" % (where, url, json_for(site, rel))):
            continue
        uids[url] = uid
        window_start = site.parse_date(notice["window"]["start"]).astimezone(dt.timezone.utc)
        window_end = site.parse_date(notice["window"]["end"]).astimezone(dt.timezone.utc)
        case.check(start == window_start and end == window_end, "%s: %s–%s, notices.json window %s–%s"
                   % (where, start, end, notice["window"]["start"], notice["window"]["end"]))
        summary = str(event.get("SUMMARY") or "")
        case.check(summary == without_controls(notice["title"]), "%s: SUMMARY %r, title %r" % (where, summary, notice["title"]))
        host = site.base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        case.check(uid.endswith("@" + host), "%s: UID does not name the base URL's host %s" % (where, host))
    return uids


def check_calendars(case, site, later_site=None):
    calendars = expected_calendars(site)
    present = set(site.files(".ics"))
    for rel in calendars:
        case.check(rel in present, "%s: missing" % rel)
    for rel in sorted(present - set(calendars)):
        case.fail("%s: a calendar for no catalog node" % rel)
    uid_of = {}
    events = 0
    for rel in calendars:
        if rel not in present:
            continue
        uids = read_calendar(case, site, rel)
        if uids is None:
            continue
        events += len(uids)
        for url, uid in uids.items():
            if url in uid_of:
                case.check(uid_of[url] == uid, "%s: UID %s for %s, another calendar uses %s" % (rel, uid, url, uid_of[url]))
            else:
                uid_of[url] = uid
    owners = {}
    for url, uid in uid_of.items():
        case.check(uid not in owners, "UID %s is used by both %s and %s" % (uid, owners.get(uid), url))
        owners[uid] = url
    if later_site is not None:
        # The same content built at another "now" gives the same UID for every window.
        later = {}
        for rel in expected_calendars(later_site):
            if later_site.exists(rel):
                try:
                    calendar = icalendar.Calendar.from_ical(later_site.read_bytes(rel))
                except Exception as error:
                    case.fail("%s (second build): %s" % (rel, error))
                    continue
                for event in calendar.walk("VEVENT"):
                    later[str(event.get("URL"))] = str(event.get("UID"))
        common = set(later) & set(uid_of)
        for url in sorted(common):
            case.check(later[url] == uid_of[url], "UID of %s changed between builds: %s, then %s" % (url, uid_of[url], later[url]))
        case.note("%d calendars, %d events; UIDs compared with a build at another --now: %d" % (len(calendars), events, len(common)))
    else:
        case.note("%d calendars, %d events" % (len(calendars), events))
