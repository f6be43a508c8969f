"""8. A large catalog: 1,000 products (50 families of 19 variants and 50 single products) and 500
notices, each concerning one to three products. The output must grow with the notices and the
products they concern, not with pages times catalog size: the build must finish within 3 s wall
time and write at most 300 MB. A page that does not show the catalog must not carry it either
(a product page other than the catalog overview stays under 100 KB). Runs alone, since it measures time."""
import os

import rel_common as common
from rel_common import Config, TempDir

WALL_LIMIT = 3.0
OUTPUT_LIMIT_MB = 300
PAGE_LIMIT_KB = 100
FAMILIES, VARIANTS, SINGLES, NOTICES = 50, 19, 50, 500


def catalog():
    lines = []
    for family in range(FAMILIES):
        lines.append("- id: familie-%d\n  name: Produktfamilie %d mit einem recht langen Namen\n  children:" % (family, family))
        for variant in range(VARIANTS):
            lines.append("    - { id: familie-%d-v%d, name: Variante %d der Familie %d (ab 2014), since: 2014 }" % (family, variant, variant, family))
    for single in range(SINGLES):
        lines.append("- { id: einzel-%d, name: Einzelprodukt %d }" % (single, single))
    return "\n".join(lines) + "\n"


def notices():
    result = {}
    for n in range(NOTICES):
        family = n % FAMILIES
        products = ["familie-%d-v%d" % (family, (n + k) % VARIANTS) for k in range(1 + n % 3)]
        if n % 7 == 0:
            products.append("einzel-%d" % (n % SINGLES))
        result["2020/meldung-%03d.md" % n] = common.notice(
            title='"Meldung %d"' % n, date="2020-%02d-%02d" % (1 + n % 12, 1 + n % 28),
            products="[%s]" % ", ".join(products))
    return result


def folder_size(folder):
    total, largest = 0, ("", 0)
    for directory, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(directory, name)
            size = os.path.getsize(path)
            total += size
            relative = os.path.relpath(path, folder)
            # The overview is the one product page whose content is the catalog itself.
            if name == "index.html" and relative.startswith("produkte" + os.sep) and relative != os.path.join("produkte", "index.html") \
                    and size > largest[1]:
                largest = (relative, size)
    return total, largest


def run(reporter):
    with TempDir("catalog") as temp:
        site = common.make_site(temp, notices(), catalog=catalog())
        output = os.path.join(temp, "public")
        argv = common.build_argv(site, output)
        result = common.measured_run(argv, kill_after=4 * WALL_LIMIT * (0.5 if Config.quick else 1))
        for _ in range(2):
            if not result.timed_out and (result.elapsed <= WALL_LIMIT or result.returncode != 0):
                break
            # Again, in case another process on the machine slowed the run down: most of the time
            # is the kernel creating about 7,000 files, which other processes' disk work delays.
            retry = common.measured_run(argv, kill_after=4 * WALL_LIMIT)
            if result.timed_out or (retry.returncode != 0 and not retry.timed_out) or retry.elapsed < result.elapsed:
                result = retry
        if result.timed_out or result.returncode != 0:
            reporter.fail("catalog-1000-products-500-notices", "build failed: %s" % result.describe())
            return
        total, (page, page_size) = folder_size(output)
        measured = "%.2f s, %.0f MB peak RSS, %.1f MB written, largest product page %s %.0f KB" % (
            result.elapsed, result.maxrss_kb / 1024, total / 1e6, page, page_size / 1e3)
        problems = []
        if result.elapsed > WALL_LIMIT:
            problems.append("took %.2f s (limit %.1f s)" % (result.elapsed, WALL_LIMIT))
        if total > OUTPUT_LIMIT_MB * 1e6:
            problems.append("wrote %.0f MB (limit %d MB)" % (total / 1e6, OUTPUT_LIMIT_MB))
        if page_size > PAGE_LIMIT_KB * 1e3:
            problems.append("%s is %.0f KB (limit %d KB)" % (page, page_size / 1e3, PAGE_LIMIT_KB))
        reporter.check("catalog-1000-products-500-notices", not problems, "%s [%s]" % ("; ".join(problems), measured), measured)
