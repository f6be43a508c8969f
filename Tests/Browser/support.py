"""Shared helpers for the browser tests and the screenshot script: build the bundled site with
the real `notices` binary, serve it on 127.0.0.1 and start headless Chromium.

Needs Debian `chromium` + `chromium-driver` and pip `selenium` (+ `axe-selenium-python` for run.py).
"""
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NOW = "2026-11-29T12:00:00+01:00"
BASE_URL = "https://hilfe.example.de/"  # content/site.yml; canonical URLs and the JSON API use it

# The policy docs/deploy.md sets in nginx: the site must work under it.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def find_binary(binary=None):
    """The `notices` binary: the one given, else `swift build --product notices` in the repo."""
    if binary:
        path = os.path.abspath(binary)
        if not os.access(path, os.X_OK):
            sys.exit(f"not an executable: {path}")
        return path
    subprocess.run(["swift", "build", "--product", "notices"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_dir, "notices")


def build_site(binary, site=ROOT):
    """Builds `site` (content/ + templates/) into a fresh temp folder; returns (workdir, output)."""
    work = tempfile.mkdtemp(prefix="notices-browser-")
    out = os.path.join(work, "site")
    result = subprocess.run([binary, "build", "--site", site, "--now", NOW, "--output", out],
                            capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        sys.exit("notices build failed:\n" + result.stdout + result.stderr)
    return work, out


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with a strict CSP; a missing path gets 404.html with status 404, like a host."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = os.path.join(self.directory, "404.html")
        if code == 404 and self.command == "GET" and os.path.exists(page):
            with open(page, "rb") as f:
                body = f.read()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


class Server:
    """`with Server(dir) as url:` serves dir on a free port of 127.0.0.1 in a thread."""

    def __init__(self, directory):
        handler = functools.partial(Handler, directory=directory)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def chrome(javascript=True, width=1280, height=900):
    """Headless Chromium through the Debian chromedriver (no downloads by Selenium Manager)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if os.path.exists(path):
            options.binary_location = path
            break
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--lang=de-DE", "--force-device-scale-factor=1",
                "--hide-scrollbars", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    prefs = {"intl.accept_languages": "de-DE,de"}
    if not javascript:
        options.add_argument("--blink-settings=scriptEnabled=false")
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def set_viewport(driver, width, height, mobile=False):
    """Exact CSS viewport (window sizes include browser chrome)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


class Failure(AssertionError):
    """A check that did not hold: reported as FAIL (anything else a test raises is an ERROR)."""


def run_tests(tests, ctx, only=None, after_each=None):
    """Runs each test function with `ctx`, prints `ok`/`FAIL`/`ERROR` per test, and returns
    (passed, failed). `after_each(ctx)` runs after every test, whatever its outcome."""
    passed = failed = 0
    for fn in tests:
        if only and only not in fn.__name__:
            continue
        t0 = time.monotonic()
        try:
            fn(ctx)
            passed += 1
            print(f"ok     {fn.__name__} ({time.monotonic() - t0:.1f} s)", flush=True)
        except Failure as e:
            failed += 1
            print(f"FAIL   {fn.__name__}: {e}", flush=True)
        except Exception:
            failed += 1
            print(f"ERROR  {fn.__name__}:\n{traceback.format_exc()}", flush=True)
        finally:
            if after_each:
                after_each(ctx)
    return passed, failed
