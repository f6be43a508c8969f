"""9. Hardening (issue 14): what hostile or careless input found after the first suite.

- publish: an output folder reached through a symbolic link is resolved first (one lock for
  both names, the link kept, the folder it leads to replaced); a dangling link and leftovers
  that are links are never followed; nothing outside the marked output is deleted.
- links: a symbolic link inside the site may lead only into content/ or templates/ and to
  nothing hidden; no route publishes a hidden file.
- attachments: HTML, scripts, WebAssembly, SVG and XML next to a notice are refused.
- settings: `base_url` is an absolute http(s) URL or a path with one leading `/`, else an error
  at its line in site.yml.
- aliases: one rule for site paths (no generated file, no dot file, no `*`, `;`, `{`, `"`, no
  file/folder clash, no name over 255 bytes), from `build` and `check` at the notice's line.
- messages: quoted values cannot start a line of their own; a file name that is not UTF-8 is
  named by its bytes.
- serve: only requests whose Host names the preview's own address are answered (DNS rebinding);
  oversized heads get 431 at once, slow and idle connections are closed, connections are
  bounded, and a status request is answered within 1 s while abusive connections are open.
- output: generated ids never collide (a heading `fn 1` beside a footnote `[^1]`); iCalendar
  lines fold at 75 octets, also inside a grapheme cluster.
Each check builds small sites in temporary folders with the real binary."""
import fcntl
import os

import rel_common as common
from rel_common import TempDir

N = "content/notices/2020/"
SECRET = "AUTHORIZATION: basic c2VjcmV0LXRva2Vu"


def jobs():
    return [("hardening-publish", publish), ("hardening-links", links), ("hardening-attachments", attachments),
            ("hardening-settings", settings), ("hardening-aliases", aliases), ("hardening-messages", messages),
            ("hardening-serve", serve), ("hardening-output", output)]


def site_with(root, title):
    return common.make_site(root, {"2020/a.md": common.notice(title='"%s"' % title),
                                   "2020/b.md": common.notice(title='"%s zwei"' % title, date="2020-02-03")})


def tree_contains(folder, needle):
    """Paths of files below `folder` whose bytes hold `needle`."""
    hits = []
    for current, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(current, name)
            if not os.path.islink(path) and needle.encode() in common.read(path):
                hits.append(os.path.relpath(path, folder))
    return hits


# --- publish ------------------------------------------------------------------------------------

def publish(reporter):
    with TempDir("harden-pub") as temp:
        site_a = site_with(os.path.join(temp, "site-a"), "Alpha")
        site_b = site_with(os.path.join(temp, "site-b"), "Beta")
        reference = os.path.join(temp, "reference-b")
        result = common.build(site_b, reference)
        if result.returncode != 0:
            reporter.fail("reference-build", result.describe())
            return
        expected_b = common.manifest(reference)

        live = os.path.join(temp, "live")
        result = common.build(site_a, live)
        reporter.check("first-build-into-live", result.returncode == 0, result.describe())
        public = os.path.join(temp, "public")
        os.symlink("live", public)
        neighbour = os.path.join(temp, "nachbar")
        common.write(os.path.join(neighbour, "wichtig.txt"), "nicht anfassen\n")
        common.write(os.path.join(neighbour, "unter", "tief", "daten.txt"), "auch nicht\n")
        neighbour_before = common.manifest(neighbour)

        # Through the link: the link stays a link, the folder it leads to holds the new site.
        result = common.build(site_b, public)
        problems = []
        if result.returncode != 0:
            problems.append(result.describe())
        if not os.path.islink(public):
            problems.append("the link %s was replaced by a folder" % public)
        diff = common.manifest_diff(common.manifest(live), expected_b)
        if diff != "identical":
            problems.append("live/ does not hold exactly the new site: %s" % diff)
        if common.leftovers(live) or common.leftovers(public):
            problems.append("left staging or old folders: %s" % (common.leftovers(live) + common.leftovers(public)))
        reporter.check("build-through-symlinked-output-keeps-link-and-replaces-target", not problems, "; ".join(problems),
                       "public -> live kept, live/ equals a clean build")

        # One lock for both names: while the lock of live/ is held, a build through public waits.
        lock_path = os.path.join(temp, ".live.notices-lock")
        with open(lock_path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            before = common.manifest(live)
            result = common.build(site_a, public)
            fcntl.flock(handle, fcntl.LOCK_UN)
        ok = result.returncode == 1 and "another build is publishing" in result.stderr and common.manifest(live) == before
        reporter.check("symlinked-output-takes-the-lock-of-its-target", ok,
                       "with live/'s lock held, a build through public -> live must fail with 'another build is publishing' "
                       "and change nothing; got %s" % result.describe(), "refused while live/'s lock is held")

        # Leftovers that are links (a staging or old folder replaced by a link to another folder)
        # are removed as links; what they point to is not touched.
        for leftover in (".live.notices-old-999999", ".live.notices-staging-999999"):
            os.symlink(neighbour, os.path.join(temp, leftover))
        result = common.build(site_a, live)
        diff = common.manifest_diff(common.manifest(neighbour), neighbour_before)
        ok = result.returncode == 0 and diff == "identical" and not common.leftovers(live)
        reporter.check("leftover-links-are-not-followed", ok,
                       "leftover links to nachbar/ must be removed as links, nachbar/ unchanged: %s; %s" % (diff, result.describe()),
                       "nachbar/ unchanged, leftovers gone")

        # A dangling link as the output: refused, the link and everything else unchanged.
        dangling = os.path.join(temp, "dangling")
        os.symlink(os.path.join(temp, "gibt-es-nicht"), dangling)
        before = common.manifest(temp)
        result = common.build(site_a, dangling)
        ok = result.returncode == 1 and "refusing to build into" in result.stderr and common.manifest(temp) == before
        reporter.check("dangling-output-link-is-refused", ok, result.describe(), "refused")

        # A link to the site's own content/ folder is refused like the folder itself.
        os.symlink(os.path.join(site_a, "content"), os.path.join(temp, "to-content"))
        before = common.manifest(temp)
        result = common.build(site_a, os.path.join(temp, "to-content"))
        ok = result.returncode == 1 and "refusing to build into" in result.stderr and common.manifest(temp) == before
        reporter.check("output-link-into-content-is-refused", ok, result.describe(), "refused")


# --- links --------------------------------------------------------------------------------------

def links(reporter):
    with TempDir("harden-links") as temp:
        count = [0]

        def fresh():
            count[0] += 1
            root = os.path.join(temp, "site%02d" % count[0])
            common.make_site(root, {"2020/a.md": common.notice(body="Siehe [Datei](datei.txt).\n")})
            common.write(os.path.join(root, N, "datei.txt"), "Anhang\n")
            common.write(os.path.join(root, ".git", "config"), "[http]\n\textraheader = %s\n" % SECRET)
            common.write(os.path.join(root, ".env"), "TOKEN=%s\n" % SECRET)
            common.write(os.path.join(root, "notes", "intern.txt"), SECRET + "\n")
            common.write(os.path.join(root, "content", ".privat", "geheim.txt"), SECRET + "\n")
            return root

        def refused(name, link, target, path):
            """`link` (site-relative) -> `target` (relative to the link's folder); must be an error at `path`."""
            site = fresh()
            full = os.path.join(site, link)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            if os.path.lexists(full):
                os.remove(full)
            os.symlink(target, full)
            result = common.build(site, os.path.join(site, "public"))
            ok, why = common.find_error(result, path, "symbolic link")
            leaked = tree_contains(os.path.join(site, "public"), "c2VjcmV0") if os.path.isdir(os.path.join(site, "public")) else []
            if leaked:
                ok, why = False, "the secret was published in %s" % leaked
            reporter.check(name, ok, why, why)

        refused("asset-link-to-git-config", "templates/assets/x.css", "../../.git/config", "templates/assets/x.css")
        refused("asset-folder-link-to-git", "templates/assets/git", "../../.git", "templates/assets/git")
        refused("attachment-link-to-dotenv", N + "datei.txt", "../../../.env", N + "datei.txt")
        refused("attachment-link-to-hidden-folder-in-content", N + "datei.txt", "../../.privat/geheim.txt", N + "datei.txt")
        refused("notice-folder-link-outside-content", "content/notices/2021", "../../notes", "content/notices/2021")
        refused("notice-link-to-site-root-file", N + "b.md", "../../../notes/intern.txt", N + "b.md")
        refused("template-link-to-hidden-file", "templates/partials/leak.mustache", "../../.env", "templates/partials/leak.mustache")

        # Controls: links into content/ and templates/ are followed.
        site = fresh()
        common.write(os.path.join(site, "content", "geteilt", "gemeinsam.md"), common.notice(title="Gemeinsam", extra="slug: gemeinsam\n"))
        os.symlink(os.path.join("..", "..", "geteilt", "gemeinsam.md"), os.path.join(site, N, "gemeinsam.md"))
        common.write(os.path.join(site, "templates", "extra", "logo.css"), "body{}\n")
        os.symlink(os.path.join("..", "extra", "logo.css"), os.path.join(site, "templates", "assets", "logo.css"))
        result = common.build(site, os.path.join(site, "public"))
        ok = result.returncode == 0 and os.path.exists(os.path.join(site, "public", "meldungen", "2020", "gemeinsam", "index.html")) \
            and os.path.exists(os.path.join(site, "public", "assets", "logo.css"))
        reporter.check("links-into-content-and-templates-are-followed", ok, result.describe(), "exit 0, both read")

        # No route publishes a hidden file: hidden files and folders everywhere in the sources.
        site = fresh()
        for hidden in ("templates/assets/.htpasswd", "templates/assets/.well-known/x.txt", N + ".anhang.txt",
                       N + ".versteckt/datei.txt", "content/notices/.entwurf/c.md"):
            common.write(os.path.join(site, hidden), SECRET + "\n")
        common.write(os.path.join(site, N, "c.md"), common.notice(title="Versteckt", body="[x](.anhang.txt)\n"))
        result = common.build(site, os.path.join(site, "public"))
        published = os.path.join(site, "public")
        leaked = tree_contains(published, "c2VjcmV0") if os.path.isdir(published) else []
        ok, why = common.find_error(result, N + "c.md", ".anhang.txt")
        ok = ok and not leaked
        reporter.check("hidden-files-are-never-published", ok, why if not leaked else "published: %s" % leaked,
                       "a link to a hidden file is an error; no hidden file in the output")


# --- attachments --------------------------------------------------------------------------------

def attachments(reporter):
    with TempDir("harden-att") as temp:
        for index, name in enumerate(["anleitung.html", "HILFE.JS", "modul.mjs", "rechner.wasm", "bild.svg", "seite.xhtml",
                                      "daten.xml", "alt.htm"]):
            site = os.path.join(temp, "site%02d" % index)
            text = common.notice(body="Erster Absatz.\n\nDie [Anleitung](%s) hilft.\n" % name)
            common.make_site(site, {"2020/a.md": text})
            common.write(os.path.join(site, N, name), "<script>alert(document.domain)</script>\n")
            result = common.build(site, os.path.join(site, "public"))
            ok, why = common.find_error(result, N + "a.md", name)
            if ok and not any(e["line"] == "9" for e in result.errors if e["path"] == N + "a.md"):
                ok, why = False, "expected the error at the link's line 9: %s" % why
            reporter.check("active-attachment-refused-" + name, ok, why, why)
        # Control: a PDF and a PNG are copied.
        site = os.path.join(temp, "control")
        common.make_site(site, {"2020/a.md": common.notice(body="[PDF](a.pdf) ![Bild](b.png)\n")})
        common.write(os.path.join(site, N, "a.pdf"), b"%PDF-1.4\n")
        common.write(os.path.join(site, N, "b.png"), b"\x89PNG\r\n\x1a\n")
        result = common.build(site, os.path.join(site, "public"))
        reporter.check("passive-attachments-are-copied", result.returncode == 0, result.describe(), "exit 0")


# --- settings and aliases -----------------------------------------------------------------------

def yaml_dq(text):
    """YAML double-quoted scalar with escapes for controls."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def check_argv(site):
    return [common.Config.binary, "check", "--site", site, "--now", common.NOW]


def settings(reporter):
    with TempDir("harden-set") as temp:
        bad = [("crlf-robots-injection", "https://hilfe.example.de/\r\nDisallow: /"),
               ("newline-ics-injection", "https://hilfe.example.de/\nBEGIN:VEVENT"),
               ("space-in-host", "https://hilfe example.de/"),
               ("space-in-path", "https://hilfe.example.de/a b/"),
               ("protocol-relative", "//evil.example/"),
               ("protocol-relative-with-scheme-case", "HTTPS:///evil/"),
               ("javascript-scheme", "javascript:alert(1)//"),
               ("quote-in-path", 'https://hilfe.example.de/a"b/'),
               ("semicolon-in-path", "/a;b/"),
               ("brace-in-path", "/a{b}/"),
               ("dotdot-path", "/a/../b/"),
               ("no-host", "https:///pfad/"),
               ("query", "https://hilfe.example.de/?x=1"),
               ("tab", "https://hilfe.example.de/\t"),
               ("port-not-a-number", "https://hilfe.example.de:abc/")]
        for index, (name, value) in enumerate(bad):
            site = common.make_site(os.path.join(temp, "s%02d" % index), {"2020/a.md": common.notice()},
                                    settings="title: Test\nbase_url: %s\n" % yaml_dq(value))
            result = common.build(site, os.path.join(site, "public"))
            ok, why = common.find_error(result, "content/site.yml", "base_url")
            if ok and not any(e["path"] == "content/site.yml" and e["line"] == "2" for e in result.errors):
                ok, why = False, "expected the error at line 2: " + why
            if os.path.exists(os.path.join(site, "public")):
                ok, why = False, "an output was written: " + why
            reporter.check("base-url-refused-" + name, ok, why, why)
        for index, value in enumerate(["https://hilfe.example.de/", "https://hilfe.example.de:8443/kunden/info/", "/hilfe/",
                                       "http://localhost/", "https://hilfe.example.de"]):
            site = common.make_site(os.path.join(temp, "ok%02d" % index), {"2020/a.md": common.notice()},
                                    settings="base_url: %s\n" % yaml_dq(value))
            result = common.build(site, os.path.join(site, "public"))
            reporter.check("base-url-accepted-%d" % index, result.returncode == 0, result.describe(), value)


def aliases(reporter):
    with TempDir("harden-alias") as temp:
        bad = [("claims-nginx-map", ["/redirects.nginx.conf"]),
               ("claims-netlify-map-as-folder", ["/_redirects"]),
               ("dot-file-htaccess", ["/.htaccess"]),
               ("dot-folder-git", ["/x/.git/config"]),
               ("catch-all-star", ["/*"]),
               ("star-inside", ["/alt/*.html"]),
               ("semicolon", ["/alt;x.html"]),
               ("brace", ["/alt{x}.html"]),
               ("double-quote", ['/alt"x.html']),
               ("dollar", ["/alt$x.html"]),
               ("file-folder-clash-404", ["/404.html/x"]),
               ("file-folder-clash-map", ["/_redirects/x"]),
               ("file-folder-clash-feed", ["/feed.xml/"]),
               ("clash-between-aliases", ["/alt.html", "/alt.html/x"]),
               ("segment-over-255-bytes", ["/" + "ä" * 128 + ".html"]),
               ("path-over-1024-bytes", ["/" + "/".join(["abcdefgh"] * 120) + "/"]),
               ("tab", ["/alt\tx.html"]),
               ("unicode-space", ["/alt\u2028x.html"])]
        for index, (name, values) in enumerate(bad):
            extra = "aliases: [%s]\n" % ", ".join(yaml_dq(v) for v in values)
            site = common.make_site(os.path.join(temp, "s%02d" % index), {"2020/a.md": common.notice(extra=extra)})
            problems = []
            for tool, argv in (("build", common.build_argv(site, os.path.join(site, "public"))), ("check", check_argv(site))):
                result = common.run(argv)
                ok, why = common.find_error(result, N + "a.md", "alias")
                if ok and not any(e["path"] == N + "a.md" and e["line"] == "6" for e in result.errors):
                    ok, why = False, "expected the error at the aliases line 6: " + why
                if not ok:
                    problems.append("%s: %s" % (tool, why))
            if os.path.exists(os.path.join(site, "public")):
                problems.append("an output was written")
            reporter.check("alias-refused-" + name, not problems, "; ".join(problems), "build and check: error at line 6")
        site = common.make_site(os.path.join(temp, "slug"), {"2020/a.md": common.notice(extra="slug: %s\n" % ("a" * 300))})
        result = common.build(site, os.path.join(site, "public"))
        ok, why = common.find_error(result, N + "a.md", "slug")
        reporter.check("slug-over-255-bytes-refused", ok, why, why)
        # Control: ordinary old URLs, non-ASCII letters included, build and land in both maps.
        extra = "aliases: [/aktuelles/mail-stoerung.html, /alt/meldung/, /index.php~x, \"/aktuelles/störung.html\", /a(1)+b.html]\n"
        site = common.make_site(os.path.join(temp, "ok"), {"2020/a.md": common.notice(extra=extra)})
        result = common.build(site, os.path.join(site, "public"))
        ok = result.returncode == 0 and b"/alt/meldung/" in common.read(os.path.join(site, "public", "_redirects"))
        reporter.check("ordinary-aliases-accepted", ok, result.describe(), "exit 0")


# --- messages -----------------------------------------------------------------------------------

LINE = __import__("re").compile(r"^[^\n]+:\d+:\d+: (error|warning): [^\n]*$|^\d+ errors?(, \d+ warnings?)?$|^\d+ warnings?$")


def messages(reporter):
    with TempDir("harden-msg") as temp:
        payloads = {"2020/a.md": common.notice(products=yaml_dq_list(["drkcms\n::warning file=x.md::gefaelscht"])),
                    "2020/b.md": common.notice(category=yaml_dq("info\n::stop-commands::tok")),
                    "2020/c.md": common.notice(extra="slug: %s\n" % yaml_dq("x\r\n::error::y")),
                    "2020/d.md": common.notice(extra="unbekannt\x1b[2J: 1\n"),
                    "2020/e\n::error file=f::g.md": "---\ntitle: [\n---\n",
                    "2020/f.md": common.notice(extra="aliases: [%s]\n" % yaml_dq("/a\n::warning::b"))}
        site = common.make_site(os.path.join(temp, "site"), payloads)
        for tool, argv in (("build", common.build_argv(site, os.path.join(site, "public"))), ("check", check_argv(site))):
            result = common.run(argv)
            lines = result.stderr.splitlines()
            stray = [l for l in lines if not LINE.match(l)]
            control = [l for l in lines if any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in l)]
            workflow = [l for l in lines if l.startswith("::")]
            ok = result.returncode == 1 and sum(": error: " in l for l in lines) == 6 and not stray and not control and not workflow
            reporter.check("%s-quoted-values-cannot-start-lines" % tool, ok,
                           "every stderr line must be one diagnostic or the count, without control characters; "
                           "stray: %r; with controls: %r; %s" % (stray[:3], control[:3], result.describe()),
                           "%d diagnostics, one line each" % len(result.errors))

        site = common.make_site(os.path.join(temp, "bytes"), {"2020/gut.md": common.notice()})
        with open(os.path.join(site.encode(), b"content/notices/2020/st\xf6rung.md"), "wb") as handle:
            handle.write(common.notice().encode())
        result = common.build(site, os.path.join(site, "public"))
        ok = result.returncode == 1 and "st\\xF6rung.md" in result.stderr and "No such file" not in result.stderr
        reporter.check("invalid-utf8-file-name-is-named-by-its-bytes", ok,
                       "expected an error naming st\\xF6rung.md; %s" % result.describe(), result.stderr.splitlines()[0] if result.stderr else "")


def yaml_dq_list(values):
    return "[%s]" % ", ".join(yaml_dq(v) for v in values)


# --- the preview server ---------------------------------------------------------------------------

class Preview:
    """`notices serve --port 0` on a small site; `port` once it serves."""

    def __init__(self, site):
        import subprocess
        import time
        self.process = subprocess.Popen([common.Config.binary, "serve", "--site", site, "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=common.clean_env())
        self.port = None
        start = time.monotonic()
        line = self.process.stdout.readline().decode()
        if "serving http://127.0.0.1:" in line:
            self.port = int(line.rsplit(":", 1)[1].strip().strip("/"))
        self.startup = time.monotonic() - start

    def rss_kb(self):
        with open("/proc/%d/status" % self.process.pid) as handle:
            return int(next(l for l in handle if l.startswith("VmRSS:")).split()[1])

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.process.pid) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(5)
        except Exception:
            self.process.kill()


def http(port, head, timeout=5.0):
    """Sends `head` (bytes) on a fresh connection; (status or None, seconds, body)."""
    import socket
    import time
    start = time.monotonic()
    import threading
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            # Sent beside the reading, as a browser does: the answer may come before the head is all sent.
            def send():
                try:
                    sock.sendall(head)
                except OSError:
                    pass
            sender = threading.Thread(target=send, daemon=True)
            sender.start()
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError as error:
        return None, time.monotonic() - start, str(error).encode()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.") else None
    return status, time.monotonic() - start, data.split(b"\r\n\r\n", 1)[-1]


def get(port, path="/", host=None, extra=b""):
    host = ("127.0.0.1:%d" % port) if host is None else host
    head = b"GET " + path.encode() + b" HTTP/1.1\r\n" + (b"Host: " + host.encode() + b"\r\n" if host != "" else b"") + extra + b"Connection: close\r\n\r\n"
    return http(port, head)


def serve(reporter):
    import socket
    import threading
    import time
    with TempDir("harden-serve") as temp:
        site = common.make_site(os.path.join(temp, "site"), {
            "2020/a.md": common.notice(),
            "2020/entwurf.md": common.notice(title='"Geheimer Entwurf"', extra="draft: true\n")})
        preview = Preview(site)
        try:
            if not preview.port:
                reporter.fail("starts", "notices serve printed no 'serving' line")
                return
            port = preview.port
            status, _, _ = get(port, "/__notices/status")
            reporter.check("own-host-answered", status == 200, "status %s" % status, "200")
            status, _, _ = get(port, "/", host="localhost:%d" % port)
            reporter.check("localhost-answered", status == 200, "status %s" % status, "200")
            for name, host in (("rebinding-name", "evil.example:%d" % port), ("rebinding-name-no-port", "evil.example"),
                               ("name-resolving-to-loopback", "127.0.0.1.nip.io:%d" % port), ("other-port", "127.0.0.1:1"),
                               ("no-host", ""), ("localhost-other-port", "localhost:%d" % (port + 1 if port < 65535 else 1))):
                status, _, body = get(port, "/meldungen/2020/entwurf/", host=host)
                ok = status is not None and 400 <= status < 500 and b"Geheimer Entwurf" not in body
                reporter.check("host-refused-" + name, ok, "Host %r: status %s, draft %s" % (host, status, "leaked" if b"Geheimer" in body else "not shown"),
                               "status %s" % status)
            status, _, _ = get(port, "/", extra=b"Host: evil.example\r\n")
            reporter.check("second-host-header-refused", status is not None and 400 <= status < 500, "status %s" % status, "status %s" % status)

            # Oversized heads: 431 at once.
            for name, head in (("request-line-256k", b"GET /" + b"a" * 262144 + b" HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port),
                               ("header-256k", b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Gross: %s\r\n\r\n" % (port, b"b" * 262144)),
                               ("headers-16m", b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port + b"X-Viel: " + b"c" * (16 << 20) + b"\r\n\r\n"),
                               ("million-header-lines", b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port + b"X: y\r\n" * 1_000_000 + b"\r\n")):
                rss_before, cpu_before = preview.rss_kb(), preview.cpu_seconds()
                status, seconds, _ = http(port, head, timeout=10)
                grown = (preview.rss_kb() - rss_before) / 1024
                cpu = preview.cpu_seconds() - cpu_before
                ok = status == 431 and seconds < 2.0 and grown < 50 and cpu < 1.0
                reporter.check("oversized-" + name, ok, "status %s after %.2f s, RSS +%.0f MB, CPU %.2f s" % (status, seconds, grown, cpu),
                               "431 after %.2f s, RSS +%.0f MB, CPU %.2f s" % (seconds, grown, cpu))

            # Abusive connections open at once; a status request must still be answered within 1 s.
            stop = threading.Event()
            sockets = []

            def slowloris():
                sock = socket.create_connection(("127.0.0.1", port))
                sockets.append(sock)
                sock.sendall(b"GET / HTTP/1.1\r\n")
                while not stop.is_set():
                    try:
                        sock.sendall(b"X-a: b\r\n")
                    except OSError:
                        return
                    time.sleep(0.5)

            def flood():
                sock = socket.create_connection(("127.0.0.1", port))
                sockets.append(sock)
                try:
                    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX: " % port)
                    while not stop.is_set():
                        sock.sendall(b"d" * 65536)
                except OSError:
                    return

            threads = [threading.Thread(target=f, daemon=True) for f in [slowloris] * 4 + [flood] * 2]
            for _ in range(4):
                sockets.append(socket.create_connection(("127.0.0.1", port)))  # idle
            for thread in threads:
                thread.start()
            time.sleep(1.0)
            times = []
            for _ in range(5):
                status, seconds, _ = get(port, "/__notices/status")
                times.append((status, seconds))
            worst = max(seconds for _, seconds in times)
            ok = all(status == 200 for status, _ in times) and worst < 1.0
            reporter.check("status-answered-while-abusive-connections-are-open", ok, "answers %s" % times,
                           "5 answers, slowest %.3f s, with 4 slow, 2 flooding and 4 idle connections open" % worst)

            # Slow and idle connections are closed by the server.
            started = time.monotonic()
            idle = sockets[0]
            idle.settimeout(20)
            try:
                closed = idle.recv(4096) is not None
            except OSError:
                closed = False
            waited = time.monotonic() - started
            reporter.check("idle-connection-closed", closed and waited < 15, "waited %.1f s, closed %s" % (waited, closed),
                           "closed after %.1f s more" % waited)
            stop.set()
            for sock in sockets:
                try:
                    sock.close()
                except OSError:
                    pass

            # Bounded: 150 idle connections do not grow memory without limit; once they close it serves again.
            rss_before = preview.rss_kb()
            many = []
            for _ in range(150):
                try:
                    many.append(socket.create_connection(("127.0.0.1", port), timeout=2))
                except OSError:
                    break
            time.sleep(0.5)
            status_during, _, _ = get(port, "/__notices/status")
            grown = (preview.rss_kb() - rss_before) / 1024
            for sock in many:
                sock.close()
            time.sleep(0.5)
            status_after, seconds, _ = get(port, "/__notices/status")
            ok = status_during in (200, 503) and grown < 100 and status_after == 200 and seconds < 1.0
            reporter.check("connections-bounded", ok, "during: %s, RSS +%.0f MB; after: %s in %.2f s" % (status_during, grown, status_after, seconds),
                           "during: %s (RSS +%.0f MB); after: %s" % (status_during, grown, status_after))
        finally:
            preview.stop()


# --- generated output: ids and calendar lines ---------------------------------------------------

def output(reporter):
    import re
    with TempDir("harden-out") as temp:
        body = ("## fn 1\n\nText[^1] und mehr[^x-y].\n\n## fnref 1\n\n## Fn x y\n\n## Ursache\n\n## Ursache\n\n"
                "[^1]: Erste Fußnote.\n[^x-y]: Zweite Fußnote.\n")
        accents = "e" + "\u0301" * 60
        window = 'window: { start: "2026-12-01T08:00:00+01:00", end: "2026-12-01T18:00:00+01:00" }\n'
        site = common.make_site(os.path.join(temp, "site"), {
            "2020/a.md": common.notice(body=body),
            "2026/w.md": common.notice(title=yaml_dq(accents), date="2026-11-20", category="wartung", extra=window,
                                       body="Wartung.\n"),
            "2026/v.md": common.notice(title=yaml_dq("Wartung " + "\u0915\u094d\u0937" * 40), date="2026-11-21", category="wartung",
                                       extra=window, body="Wartung.\n")})
        result = common.build(site, os.path.join(site, "public"))
        if result.returncode != 0:
            reporter.fail("builds", result.describe())
            return
        page = common.read(os.path.join(site, "public", "meldungen", "2020", "a", "index.html")).decode()
        ids = re.findall(r'\bid="([^"]*)"', page)
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        reporter.check("generated-ids-never-collide", not duplicates and "fn-1" in ids,
                       "duplicate ids %s (all: %s)" % (duplicates, ids), "%d ids, all different" % len(ids))

        calendar = common.read(os.path.join(site, "public", "wartung.ics"))
        lines = calendar.split(b"\r\n")
        long_lines = [l for l in lines if len(l) > 75]
        unfolded = calendar.replace(b"\r\n ", b"").decode("utf-8")
        summaries = [l for l in unfolded.split("\r\n") if l.startswith("SUMMARY:")]
        ok = not long_lines and any(accents in s for s in summaries)
        reporter.check("icalendar-lines-fold-at-75-octets", ok,
                       "%d lines over 75 octets (longest %d); summaries %r" % (len(long_lines), max(map(len, lines)), summaries),
                       "%d lines, longest %d octets, titles intact after unfolding" % (len(lines), max(map(len, lines))))
