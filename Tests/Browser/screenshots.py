#!/usr/bin/env python3
"""Writes docs/screenshots/{home-desktop,home-phone,notice,product}.png from the bundled site:
home at 1280 px and 375 px, a notice and a product index (with the product filter applied) at 1280 px.

    python3 Tests/Browser/screenshots.py [--binary PATH] [--out DIR]
"""
import argparse
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

SHOTS = [
    # name, path, width, mobile, height (the top of the page; --full for all of it)
    ("home-desktop", "", 1280, False, 1500),
    ("home-phone", "", 375, True, 1700),
    ("notice", "meldungen/2016/mail-hotmail/", 1280, False, 1500),
    ("product", "produkte/drkcms-v6/?produkt=drkcms-v6-kv", 1280, False, 1500),
]


def shoot(driver, url, width, mobile, limit, path):
    support.set_viewport(driver, width, 800, mobile)
    driver.get(url)
    driver.execute_script("window.localStorage.clear()")
    driver.get(url)
    time.sleep(0.3)
    height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    support.set_viewport(driver, width, min(height, limit), mobile)
    time.sleep(0.2)
    driver.save_screenshot(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="the notices binary (default: swift build --product notices)")
    parser.add_argument("--out", default=os.path.join(support.ROOT, "docs", "screenshots"))
    parser.add_argument("--full", action="store_true", help="whole pages instead of their top")
    args = parser.parse_args()
    binary = support.find_binary(args.binary)
    work, site = support.build_site(binary)
    os.makedirs(args.out, exist_ok=True)
    try:
        with support.Server(site) as base:
            driver = support.chrome()
            try:
                for name, path, width, mobile, height in SHOTS:
                    target = os.path.join(args.out, name + ".png")
                    shoot(driver, base + path, width, mobile, 16000 if args.full else height, target)
                    print(f"wrote {os.path.relpath(target, support.ROOT)}")
            finally:
                driver.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
