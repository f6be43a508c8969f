"""7. Pathological input: cmark's known worst cases and our own (deep nesting, 50,000 brackets,
giant tables, a 10 MB notice, YAML alias bombs, deep YAML nesting, a 100,000-character title).
Each, in its own minimal site (one notice + products.yml + the theme), must build within 2 s wall
time and 256 MB peak RSS for the whole build, or be refused with a `path:line:col: error:` (exit 1,
within the same limits). Time and peak RSS are measured per process with wait4. Runs alone
(not beside other tests), since it measures time."""
import os

import rel_common as common
from rel_common import Config, TempDir

WALL_LIMIT = 2.0
RSS_LIMIT_MB = 256
KILL_AFTER = 3 * WALL_LIMIT  # a case still running then is stopped and fails
NOTICE = "content/notices/2020/x.md"


def front(title='"Pathologisch"', extra=""):
    return "---\ntitle: %s\ndate: 2020-05-01\ncategory: info\nproducts: [drkcms-v7]\n%s---\n" % (title, extra)


def ten_megabytes():
    sentence = "Der Mailserver stellt E-Mails an private Adressen wieder zu, die Ursache war eine Sperrliste. "
    paragraph = sentence * 40
    text = "\n\n".join([paragraph] * (10 * 1024 * 1024 // (len(paragraph) + 2) + 1))
    return text[:10 * 1024 * 1024]


def alias_bomb():
    yaml = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for previous, name in zip("abcdefgh", "bcdefghi"):
        yaml += "%s: &%s [%s]\n" % (name, name, ", ".join(["*" + previous] * 9))
    return yaml


def table(rows, columns):
    head = "|" + "|".join(" Spalte %d " % c for c in range(columns)) + "|\n"
    rule = "|" + "|".join("---" for _ in range(columns)) + "|\n"
    body = "".join("|" + "|".join(" z%dc%d " % (r, c) for c in range(columns)) + "|\n" for r in range(rows))
    return head + rule + body


def cases():
    """(name, file bytes)."""
    c = []
    add = lambda name, text: c.append((name, text.encode("utf-8") if isinstance(text, str) else text))  # noqa: E731
    add("blockquotes-50000-deep", front() + "> " * 50_000 + "x\n")
    add("nested-emphasis-20000", front() + "*" * 20_000 + "a" + "*" * 20_000 + "\n")
    add("emphasis-runs-20000", front() + "*a " * 20_000 + "\n")
    add("underscore-runs-20000", front() + "_a " * 20_000 + "\n")
    add("unclosed-strong-50000", front() + "**a " * 50_000 + "\n")
    add("open-brackets-50000", front() + "[" * 50_000 + "\n")
    add("open-image-brackets-50000", front() + "![" * 50_000 + "\n")
    add("unclosed-links-50000", front() + "[a](" * 50_000 + "\n")
    add("nested-links-10000", front() + "[" * 10_000 + "a" + "](b)" * 10_000 + "\n")
    add("backtick-runs", front() + "".join("`" * n + "a " for n in range(1, 3000)) + "\n")
    add("lists-5000-deep-compact", front() + "- " * 5_000 + "x\n")
    add("ordered-lists-5000-deep", front() + "1. " * 5_000 + "x\n")
    add("lists-1000-deep-indented", front() + "\n".join("  " * i + "- x" for i in range(1_000)) + "\n")
    add("quote-list-mix-5000-deep", front() + "> - " * 5_000 + "x\n")
    add("html-comment-openers-50000", front() + "<!--" * 50_000 + "\n")
    add("html-openers-50000", front() + "<a " * 50_000 + "\n")
    add("cdata-and-pi-openers-20000", front() + "<![CDATA[<?" * 20_000 + "\n")
    add("giant-table-5000x20", front() + table(5_000, 20))
    add("wide-table-2000-columns", front() + table(50, 2_000))
    # cmark-gfm 0.29.0.gfm.6 re-splits the paragraph into cells for every delimiter row under it
    # (quadratic in time; an allocator that kept freed memory made it 850 MB).
    add("table-delimiter-rows-2000", front() + "a|b|c\n" + "x|y\n|-|\n" * 2_000)
    add("table-delimiter-rows-8000", front() + "a|b|c\n" + "x|y\n|-|\n" * 8_000)  # 15 s before the guard
    add("link-definitions-50000", front() + "".join("[r%d]: https://example.com/%d\n" % (i, i) for i in range(50_000)) + "[r1]\n")
    add("footnotes-20000", front() + "".join("Text[^%d]\n" % i for i in range(20_000)) + "\n" + "".join("[^%d]: Fuß %d\n" % (i, i) for i in range(20_000)))
    add("same-heading-20000-times", front() + "## Ursache\n\n" * 20_000)
    add("heading-100000-chars", front() + "## " + "Störung " * 12_500 + "\n")
    add("ten-megabyte-body", front() + ten_megabytes() + "\n")
    add("ten-megabyte-line-no-spaces", front() + "x" * (10 * 1024 * 1024) + "\n")
    add("title-100000-chars", front(title='"%s"' % ("Störung " * 12_500).strip()))
    add("yaml-alias-bomb", "---\n" + alias_bomb() + "title: x\n---\nText\n")
    add("yaml-alias-bomb-as-key", "---\n" + alias_bomb() + "? *i\n: 1\n---\nText\n")
    add("yaml-flow-sequences-10000-deep", front(title="[" * 10_000 + "]" * 10_000))
    add("yaml-flow-mappings-10000-deep", front(title="{a: " * 10_000 + "b" + "}" * 10_000))
    add("yaml-block-sequences-10000-deep", front(title="\n  " + "- " * 10_000 + "x"))
    add("yaml-one-megabyte-front-matter", front(extra="summary: \"%s\"\n" % ("lang " * 200_000)))
    add("yaml-20000-products", front().replace("products: [drkcms-v7]", "products: [%s]" % ", ".join(["drkcms-v7"] * 20_000)))
    add("yaml-10000-unknown-keys", front(extra="".join("schluessel%d: x\n" % i for i in range(10_000))))
    # Found by issue 14: cmark-gfm's quadratic image-in-link scan, wide and long tables, the
    # derived summary over many paragraphs.
    add("image-link-brackets-50000", front() + "![[]()" * 50_000 + "\n")
    add("image-link-brackets-170000", front() + "![[]()" * 170_000 + "\n")  # 1 MB; 40 s at 100,000 before
    add("table-10000-columns-10-rows", front() + table(10, 10_000))
    add("table-header-and-50000-pipes", front() + "| a | b |\n|---|---|\n" + "|" * 50_000 + "\n")
    add("table-header-and-1000000-pipes", front() + "| a | b |\n|---|---|\n" + "|" * 1_000_000 + "\n")
    add("table-200000-one-cell-rows", front() + "| a |\n|---|\n" + "| x |\n" * 200_000)
    add("derived-summary-100000-paragraphs", front() + "Kurz.\n\n" * 100_000)
    add("derived-summary-150000-paragraphs", front() + "Kurz.\n\n" * 150_000)  # 1 MB; 250,000 took 34 s before
    add("emphasis-and-links-one-paragraph-1mb", front() + "*a* **b** `c` [d](https://example.com/) " * 24_000 + "\n")  # over a minute before
    add("list-items-1-9-megabytes", front() + "- Punkt mit etwas Text\n" * 86_000)
    add("ten-megabytes-of-list-items", front() + "- Punkt mit etwas Text\n" * 456_000)  # 554 MB before
    return c


def sparse_files():
    """(name, notice text, {site-relative path: size}): files nobody links, made sparse (no disk)."""
    return [("stray-600-megabyte-file", front() + "Ein Absatz.\n", {"content/notices/2020/mitschnitt.mp4": 600 * 1024 * 1024}),
            ("stray-600-megabyte-asset-unused-by-notices", front() + "Ein Absatz.\n", {"content/notices/2020/daten/roh.bin": 600 * 1024 * 1024})]


def run(reporter):
    every = [(name, data, {}) for name, data in cases()] + [(name, text.encode(), files) for name, text, files in sparse_files()]
    for name, data, sparse in every:
        with TempDir("patho") as temp:
            site = common.make_site(temp, {"2020/x.md": data})
            for relative, size in sparse.items():
                os.makedirs(os.path.dirname(os.path.join(site, relative)), exist_ok=True)
                with open(os.path.join(site, relative), "wb") as handle:
                    handle.truncate(size)
            argv = common.build_argv(site, os.path.join(temp, "public"))
            kill_after = KILL_AFTER * (0.5 if Config.quick else 1)
            result = common.measured_run(argv, kill_after=kill_after)
            note = ""
            if result.elapsed > WALL_LIMIT and not result.killed_by:
                # Once more, in case another process on the machine slowed the first run down.
                again = common.measured_run(argv, kill_after=kill_after)
                note = "; first run %.2f s%s, second run" % (result.elapsed, " (stopped)" if result.timed_out else "")
                result = again
            megabytes = result.maxrss_kb / 1024
            measured = "%s%.2f s, %s, input %.1f MB" % (note.lstrip("; ") + " " if note else "", result.elapsed, "%.0f MB" % megabytes if not result.timed_out else "RSS unknown", len(data) / 1e6)
            problems = []
            if result.timed_out:
                problems.append("still running after %.1f s, stopped" % result.elapsed)
            elif result.killed_by:
                problems.append(result.describe())
            elif result.returncode == 0:
                outcome = "built"
            elif result.returncode == 1 and result.errors:
                error = result.errors[0]
                outcome = "refused: %s: %s" % (common.place(error), error["message"][:100])
                if error["path"] != NOTICE:
                    problems.append("refused, but the first error names %s, not %s" % (error["path"], NOTICE))
            else:
                problems.append("neither built nor refused with a 'path:line:col: error:' line: %s" % result.describe())
            if result.elapsed > WALL_LIMIT and not result.timed_out:
                problems.append("took %.2f s (limit %.1f s)" % (result.elapsed, WALL_LIMIT))
            if megabytes > RSS_LIMIT_MB and not result.timed_out:
                problems.append("peak RSS %.0f MB (limit %d MB)" % (megabytes, RSS_LIMIT_MB))
            reporter.check(name, not problems, "%s [%s]" % ("; ".join(problems), measured), "%s [%s]" % (outcome if not problems else "", measured))
