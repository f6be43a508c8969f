#!/usr/bin/env python3
"""`notices schema` against a real validator (Python jsonschema, draft 2020-12).

    python3 Tests/Schema/run.py [--binary PATH]

The schema of the bundled site is a valid 2020-12 schema; the front matter of every bundled
notice (content/notices/ and the content template's example) is valid; front matter with the
mistakes editors make is not, and `notices check` refuses the same notices. Ends with the line
`N passed, N failed`; exit status 1 on any failure.

REQUIREMENTS: pip install jsonschema pyyaml
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError as error:  # pragma: no cover
    print("Tests/Schema/run.py needs jsonschema and pyyaml (%s)" % error)
    print("0 passed, 1 failed")
    sys.exit(1)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
passed, failed = [], []


class FrontMatterLoader(yaml.SafeLoader):
    """YAML as editors' tools read front matter for a schema: dates stay text (`2016-04-20`)."""


FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def front_matter(text):
    lines = text.split("\n")
    end = lines.index("---", 1)
    return yaml.load("\n".join(lines[1:end]), Loader=FrontMatterLoader)


def test(name, condition, detail=""):
    (passed if condition else failed).append(name)
    print("%s %s%s" % ("PASS" if condition else "FAIL", name, "" if condition else ": " + detail))


GOOD = """---
title: Wartung am Mailserver
date: 2026-12-01
category: wartung
products: [drkcms-v7]
window:
  start: 2026-12-03T22:00
  end: 2026-12-04T02:00
---
Text
"""

# name -> (front matter lines replacing GOOD's, the `notices check` code that refuses it)
WRONG = {
    "missing-category": ("title: T\ndate: 2026-12-01\nproducts: [all]", "missing-category"),
    "unknown-category": ("title: T\ndate: 2026-12-01\ncategory: stoerungen\nproducts: [all]", "unknown-category"),
    "label-instead-of-id": ("title: T\ndate: 2026-12-01\ncategory: info\nproducts: [DRKCMS v6 KV-Vorlage]", "unknown-product"),
    "german-date": ("title: T\ndate: 20.04.2016\ncategory: info\nproducts: [all]", "bad-date"),
    "unknown-status": ("title: T\ndate: 2026-12-01\ncategory: stoerung\nproducts: [all]\nstatus: erledigt", "unknown-status"),
    "unknown-key": ("title: T\ndate: 2026-12-01\ncatgory: info\ncategory: info\nproducts: [all]", "unknown-key"),
    "draft-ja": ("title: T\ndate: 2026-12-01\ncategory: info\nproducts: [all]\ndraft: ja", "not-a-bool"),
    "resolved-at-without-status": ("title: T\ndate: 2026-12-01\ncategory: stoerung\nproducts: [all]\nresolved_at: 2026-12-01T10:00",
                                   "resolved-at-needs-resolved"),
    "window-without-end": ("title: T\ndate: 2026-12-01\ncategory: wartung\nproducts: [all]\nwindow:\n  start: 2026-12-03T22:00", "missing-key"),
    "empty-products": ("title: T\ndate: 2026-12-01\ncategory: info\nproducts: []", "empty-list"),
    "unknown-impact": ("title: T\ndate: 2026-12-01\ncategory: stoerung\nproducts: [all]\nimpact: schlimm", "unknown-impact"),
    "number-as-title": ("title: 123\ndate: 2026-12-01\ncategory: info\nproducts: [all]", "text-in-quotes"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "notices"))
    binary = os.path.abspath(parser.parse_args().binary)
    env = dict(os.environ, NOTICES_MESSAGES="en")
    result = subprocess.run([binary, "schema", "--site", ROOT], capture_output=True, text=True, env=env)
    test("notices schema exits 0", result.returncode == 0, result.stderr)
    schema = json.loads(result.stdout)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        test("the schema is a valid draft 2020-12 schema", schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema")
    except jsonschema.SchemaError as error:
        test("the schema is a valid draft 2020-12 schema", False, str(error))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    labels = {item["const"]: item.get("description") for item in schema["properties"]["products"]["anyOf"][1]["anyOf"]}
    test("products are described by their labels", labels.get("drkcms-v6-kv") == "DRKCMS v6 (ab 2014) KV-Vorlage", str(labels)[:300])
    again = subprocess.run([binary, "schema", "--site", ROOT], capture_output=True, text=True, env=env)
    test("the schema is the same bytes twice", again.stdout == result.stdout)

    bundled = []
    for folder in (os.path.join(ROOT, "content", "notices"), os.path.join(ROOT, "content-template", "content", "notices")):
        for base, _, names in os.walk(folder):
            bundled += [os.path.join(base, name) for name in names if name.endswith(".md")]
    test("there are bundled notices", len(bundled) >= 10, str(len(bundled)))
    for path in sorted(bundled):
        with open(path, encoding="utf-8") as handle:
            errors = sorted(error.message for error in validator.iter_errors(front_matter(handle.read())))
        test("valid: %s" % os.path.relpath(path, ROOT), not errors, "; ".join(errors)[:500])
    test("valid: the example of this suite", not list(validator.iter_errors(front_matter(GOOD))))

    work = tempfile.mkdtemp()
    try:
        site = os.path.join(work, "site")
        os.makedirs(os.path.join(site, "content", "notices", "2026"))
        for name in ("site.yml", "products.yml"):
            shutil.copy(os.path.join(ROOT, "content", name), os.path.join(site, "content", name))
        for name, (lines, code) in sorted(WRONG.items()):
            text = "---\n%s\n---\nText\n" % lines
            errors = list(validator.iter_errors(front_matter(text)))
            test("invalid: %s" % name, bool(errors), "the schema accepts it")
            notice = os.path.join(site, "content", "notices", "2026", "x.md")
            with open(notice, "w", encoding="utf-8") as handle:
                handle.write(text)
            checked = subprocess.run([binary, "check", "--site", site], capture_output=True, text=True, env=env)
            test("notices check refuses it too: %s [%s]" % (name, code), checked.returncode == 1 and "[%s]" % code in checked.stderr,
                 checked.stderr[-400:])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (len(passed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
