#!/usr/bin/env python3
"""Measures the search on a built site (e.g. the 10,000-notice benchmark corpus), each query in a
fresh browser (cold: nothing loaded yet), optionally with the CPU slowed down like an old laptop:
- bytes the first search downloads (search.json, the term shards its words need, the summaries
  of the hits shown), gzipped as a web server sends them;
- time from typing to the first hit shown, and until every shown hit has its summary;
- then, index loaded, the time per further query.
Each query runs --runs times (after one warm-up page load that is not counted); its median counts.
Ends with PASS or FAIL against the budget: at most 300 KB gzipped for every query's first search,
and a median over the queries of at most 300 ms to the first hit.

    python3 Tests/Browser/search_bench.py --site-dir PUBLIC [--query Störung ...] [--cpu-slowdown 4] [--runs 3]
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

BUDGET_BYTES = 300_000
BUDGET_MS = 300

MEASURE = """
var query = arguments[0], done = arguments[arguments.length - 1];
var input = document.getElementById('suche'), list = document.querySelector('.search-results__list');
var status = document.querySelector('.search-results__status');
var t0 = performance.now(), first = null, answered = null;
function check() {
  var n = list.children.length, now = performance.now() - t0;
  var complete = status.textContent.indexOf('Treffer') >= 0 && status.textContent.indexOf('geladen') < 0;
  if (first === null && n) first = now;
  if (answered === null && complete) answered = now;
  if (answered !== null && !list.hasAttribute('aria-busy')) {
    observer.disconnect();
    done({first: first === null ? answered : first, summaries: now, status: status.textContent, shown: n});
  }
}
var observer = new MutationObserver(check);
observer.observe(document.querySelector('[data-search-results]'), {subtree: true, childList: true, characterData: true, attributes: true});
input.focus();
input.value = query;
input.dispatchEvent(new Event('input', {bubbles: true}));
"""

RESOURCES = "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"


def gzipped(site, path, cache={}):
    if path not in cache:
        with open(os.path.join(site, path), "rb") as f:
            cache[path] = len(gzip.compress(f.read(), 6))
    return cache[path]


def index_files(site, manifest):
    return (["search.json"] + [s["path"] for s in manifest["termShards"]] + manifest["textShards"]["paths"])


def cold(driver, base, site, query, slowdown):
    """One query in a fresh page: times and the search files it fetched."""
    driver.get(base + "meldungen/")
    if slowdown > 1:
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    result = driver.execute_async_script(MEASURE, query)
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})
    paths = [urllib.parse.urlparse(name).path.lstrip("/") for name in driver.execute_script(RESOURCES)]
    fetched = sorted({p for p in paths if p == "search.json" or p.startswith("search/")})
    result["files"] = len(fetched)
    result["bytes"] = sum(gzipped(site, p) for p in fetched)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", required=True, help="a built site (output folder)")
    parser.add_argument("--query", action="append", help="queries to time (default: a few)")
    parser.add_argument("--cpu-slowdown", type=float, default=1, help="CDP CPU throttling rate (4 = 4x slower)")
    parser.add_argument("--runs", type=int, default=3, help="cold runs per query (median)")
    args = parser.parse_args()
    queries = args.query or ["Störung", "Wartung", "hotmail", "DRKCMS", "wartung drkcms", "xyzzy-nichts"]
    site = os.path.abspath(args.site_dir)
    with open(os.path.join(site, "search.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    files = index_files(site, manifest)
    raw = sum(os.path.getsize(os.path.join(site, p)) for p in files)
    packed = sum(gzipped(site, p) for p in files)
    print(f"index: {manifest['count']} notices, {len(files)} files, {raw / 1e6:.2f} MB ({packed / 1e6:.2f} MB gzip); "
          f"search.json {gzipped(site, 'search.json') / 1e3:.0f} KB gzip, "
          f"{len(manifest['termShards'])} term shards, {len(manifest['textShards']['paths'])} summary shards")
    print(f"CPU slowdown {args.cpu_slowdown:g}x")
    firsts, downloads = [], []
    with support.Server(site) as base:
        driver = support.chrome()
        try:
            driver.set_script_timeout(120)
            driver.execute_cdp_cmd("Network.enable", {})
            cold(driver, base, site, queries[0], args.cpu_slowdown)  # warm-up: browser and server start
            for query in queries:
                runs = []
                for _ in range(args.runs):
                    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
                    runs.append(cold(driver, base, site, query, args.cpu_slowdown))
                first = statistics.median(r["first"] for r in runs)
                done = statistics.median(r["summaries"] for r in runs)
                result = runs[0]
                firsts.append(first)
                downloads.append(result["bytes"])
                each = ", ".join(str(round(r["first"])) for r in runs)
                print(f"cold  {query!r}: {result['bytes'] / 1e3:.0f} KB gzip in {result['files']} files; "
                      f"first hit after {first:.0f} ms (runs: {each}), "
                      f"links and summaries in after {done:.0f} ms: {result['status']} ({result['shown']} shown)")
            if args.cpu_slowdown > 1:
                driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": args.cpu_slowdown})
            for query in queries[1:]:
                driver.execute_script("document.getElementById('suche').value=''")
                warm = driver.execute_async_script(MEASURE, query)
                print(f"warm  {query!r}: {warm['first']:.0f} ms (incl. 60 ms debounce): {warm['status']}")
        finally:
            driver.quit()
    first, download = statistics.median(firsts), statistics.median(downloads)
    ok = first <= BUDGET_MS and max(downloads) <= BUDGET_BYTES
    print(f"first search: median {download / 1e3:.0f} KB gzip (max {max(downloads) / 1e3:.0f} KB, budget "
          f"{BUDGET_BYTES / 1e3:.0f} KB), median {first:.0f} ms to the first hit (max {max(firsts):.0f} ms, budget {BUDGET_MS} ms)")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
