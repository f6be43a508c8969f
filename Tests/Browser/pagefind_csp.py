#!/usr/bin/env python3
"""Full-text search with Pagefind (the route README documents) under the documented
Content-Security-Policy, in headless Chromium: builds the bundled site, runs
`python3 -m pagefind --site OUT`, then searches through Pagefind's own API on a notice page.

- Under the documented policy for Pagefind (`script-src 'self' 'wasm-unsafe-eval'`) a search
  finds the notice.
- Under the strict policy without it, Pagefind's WebAssembly is refused (so the addition is needed,
  and the test would notice if it stopped being so).

Ends with `N passed, N failed`.   python3 Tests/Browser/pagefind_csp.py [--binary PATH]
Needs: pip install pagefind pagefind_bin (and what Tests/Browser/run.py needs).
"""
import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

# README.md and docs/deploy.md: the strict policy with 'wasm-unsafe-eval' added for Pagefind.
PAGEFIND_CSP = support.CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")

SEARCH = """
var base = arguments[0], done = arguments[arguments.length - 1];
import(base + 'pagefind/pagefind.js')
  .then(function (pagefind) { return pagefind.search('Hotmail'); })
  .then(function (found) { return found.results.length ? found.results[0].data() : null; })
  .then(function (first) { done({url: first && first.url}); }, function (error) { done({error: String(error)}); });
"""


def serve(directory, policy):
    class Handler(support.Handler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", policy)
            self.send_header("Cache-Control", "no-store")
            http.server.SimpleHTTPRequestHandler.end_headers(self)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=directory))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="the notices binary (default: swift build --product notices)")
    args = parser.parse_args()
    binary = support.find_binary(args.binary)
    work, site = support.build_site(binary)
    passed = failed = 0
    try:
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", site], capture_output=True, text=True)
        if result.returncode != 0 or not os.path.exists(os.path.join(site, "pagefind", "pagefind.js")):
            sys.exit("pagefind failed:\n" + result.stdout + result.stderr)
        driver = support.chrome()
        try:
            for name, policy, should_work in [("documented policy with 'wasm-unsafe-eval'", PAGEFIND_CSP, True),
                                              ("strict policy without it", support.CSP, False)]:
                httpd, base = serve(site, policy)
                try:
                    driver.get(base + "meldungen/2016/mail-hotmail/")
                    outcome = driver.execute_async_script(SEARCH, base)
                finally:
                    httpd.shutdown()
                    httpd.server_close()
                if should_work:
                    ok = outcome.get("url", "") and "mail-hotmail" in outcome["url"]
                else:
                    ok = "error" in outcome and ("eval" in outcome["error"] or "WebAssembly" in outcome["error"])
                if ok:
                    passed += 1
                    print(f"ok     pagefind under the {name}: {outcome}")
                else:
                    failed += 1
                    print(f"FAIL   pagefind under the {name}: {outcome}")
        finally:
            driver.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
