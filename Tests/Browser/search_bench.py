#!/usr/bin/env python3
"""Measures the search on a built site (e.g. the 10,000-notice benchmark corpus):
index size, time to the first result (cold: index not yet loaded), time until every shard is
in, and time per query once loaded; optionally with the CPU slowed down like an old laptop.

    python3 Tests/Browser/search_bench.py --site-dir PUBLIC [--query Stoerung] [--cpu-slowdown 4]
"""
import argparse
import gzip
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

MEASURE = """
var query = arguments[0], done = arguments[arguments.length - 1];
var input = document.getElementById('suche'), list = document.querySelector('.search-results__list');
var status = document.querySelector('.search-results__status');
var t0 = performance.now(), first = null;
function check() {
  var n = list.children.length;
  if (first === null && n) first = performance.now() - t0;
  var loaded = status.textContent.indexOf('geladen') < 0 && n;
  if (first !== null && loaded) { observer.disconnect(); done({first: first, all: performance.now() - t0, status: status.textContent, shown: n}); }
}
var observer = new MutationObserver(check);
observer.observe(document.querySelector('[data-search-results]'), {subtree: true, childList: true, characterData: true});
input.focus();
input.value = query;
input.dispatchEvent(new Event('input', {bubbles: true}));
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", required=True, help="a built site (output folder)")
    parser.add_argument("--query", action="append", help="queries to time (default: a few)")
    parser.add_argument("--cpu-slowdown", type=float, default=1, help="CDP CPU throttling rate (4 = 4x slower)")
    args = parser.parse_args()
    queries = args.query or ["Stoerung", "störung", "wartung drkcms", "Hotmail", "sicherheitsupdate v9"]
    site = os.path.abspath(args.site_dir)
    with open(os.path.join(site, "search.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    files = [os.path.join(site, "search.json")] + [os.path.join(site, s) for s in manifest["shards"]]
    raw = sum(os.path.getsize(p) for p in files)
    packed = sum(len(gzip.compress(open(p, "rb").read(), 6)) for p in files)
    print(f"index: {manifest['count']} notices, {len(manifest['shards'])} shards, "
          f"{raw / 1e6:.2f} MB ({packed / 1e6:.2f} MB gzip)")
    with support.Server(site) as base:
        driver = support.chrome()
        try:
            driver.set_script_timeout(120)
            if args.cpu_slowdown > 1:
                driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": args.cpu_slowdown})
            driver.get(base)
            cold = driver.execute_async_script(MEASURE, queries[0])
            print(f"cold  {queries[0]!r}: first result after {cold['first']:.0f} ms, "
                  f"all shards in after {cold['all']:.0f} ms: {cold['status']} ({cold['shown']} shown)")
            for query in queries[1:]:
                driver.execute_script("document.getElementById('suche').value=''")
                warm = driver.execute_async_script(MEASURE, query)
                print(f"warm  {query!r}: {warm['first']:.0f} ms (incl. 60 ms debounce): {warm['status']}")
            more = driver.execute_script("return document.querySelector('.search-results__more').textContent")
            if more:
                print(f"more line: {more}")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
