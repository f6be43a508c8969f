#!/usr/bin/env python3
"""Tests of scripts/function-lengths.py on small Swift files: what it counts, what it skips
(braces in comments and string literals of every kind), and its exit status.

    python3 Tests/Lint/run.py

Ends with the line `N passed, N failed`; exit status 0 only when nothing failed.
"""
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "scripts", "function-lengths.py")


def body(lines):
    return "".join("        let x%d = %d\n" % (i, i) for i in range(lines))


def run(files, *arguments):
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
                handle.write(text)
        result = subprocess.run([sys.executable, TOOL, *arguments, folder], capture_output=True, text=True)
        return result.returncode, result.stdout.replace(folder + "/", "")


def lengths(text):
    status, out = run({"a.swift": text}, "--all")
    assert status == 0, out
    return {line.split(": ")[1]: int(line.split(": ")[2].split()[0]) for line in out.splitlines()}


# Valid Swift (`swiftc -parse` accepts it) with braces inside every kind of literal and comment;
# named .txt so that swift format leaves it alone.
FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "tricky.swift.txt")
with open(FIXTURE, encoding="utf-8") as _handle:
    TRICKY = _handle.read()


def test_braces_in_strings_and_comments_do_not_count():
    found = lengths(TRICKY)
    assert found["computed"] == 1, found
    assert found["a"] == 6, found
    assert found["init"] == 1, found
    assert found["getSet"] == 4, found
    assert found["table"] == 3, found
    assert found["b"] == 1, found
    assert "stored" not in found and "requirement" not in found and "s" not in found, found


def test_long_function_without_reason_fails():
    status, out = run({"a.swift": "func long() {\n" + body(61) + "}\n"})
    assert status == 1, out
    assert "a.swift:1: long: 63 lines (no reason given)" in out, out


def test_reason_comment_above_passes():
    text = "/// Doc.\n// long because: a table of cases.\n@inline(never)\nfunc long() {\n" + body(61) + "}\n"
    status, out = run({"a.swift": text})
    assert status == 0, out
    assert "long: 63 lines (reason given)" in out, out


def test_reason_must_be_just_above():
    text = "// long because: far away\n\nfunc long() {\n" + body(61) + "}\n"
    status, out = run({"a.swift": text})
    assert status == 1, out


def test_limit_is_inclusive_and_configurable():
    text = "func sixty() {\n" + body(58) + "}\n"
    assert run({"a.swift": text})[0] == 0
    assert run({"a.swift": text}, "--limit", "59")[0] == 1


def test_multiline_signature_counts_from_keyword():
    text = "func f(\n    a: Int,\n    b: Int\n) -> Int {\n    a + b\n}\n"
    assert lengths(text)["f"] == 6


def main():
    tests = [(name, fn) for name, fn in sorted(globals().items()) if name.startswith("test_")]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
            passed += 1
            print("ok   " + name)
        except AssertionError as error:
            failed += 1
            print("FAIL " + name + ": " + str(error))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
