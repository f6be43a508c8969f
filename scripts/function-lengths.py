#!/usr/bin/env python3
"""Lists Swift functions, initialisers, subscripts and computed properties longer than a limit.

    python3 scripts/function-lengths.py [--limit 60] [--all] [PATH ...]     (default PATH: Sources)

A declaration's length is the number of lines from its first line (the `func`, `init` or `var`
keyword) to its closing brace, both included. Every declaration over the limit is printed as
`path:line: name: N lines`; one without a reason comment is marked `(no reason given)` and makes
the script exit with status 1. A reason is a comment just above the declaration (among the
comments and attributes directly above it) that says `long because: ...`, for example

    // long because: one switch over every token kind; splitting it would scatter the grammar.
    func parse(...) {

The scanner knows Swift's lexical structure well enough that braces in comments (nested block
comments too), string literals (escapes, `\\(...)` interpolation with nested strings, multi-line
`\"\"\"` and raw `#"..."#` literals) and character literals do not count.
"""

import argparse
import os
import re
import sys

REASON = re.compile(r"long\s+because\s*:", re.IGNORECASE)

# Words that start a new declaration: meeting one before a `{` means the declaration had no body
# (a protocol requirement, or a stored property).
DECLARATION_WORDS = {
    "func", "var", "let", "init", "deinit", "subscript", "case", "struct", "class", "enum",
    "protocol", "extension", "typealias", "associatedtype", "import", "actor", "static",
    "private", "fileprivate", "internal", "public", "open", "package", "nonisolated",
    "override", "mutating", "final", "lazy", "weak", "unowned", "convenience", "required",
}


def mask(source):
    """Returns `source` with comments and string contents blanked out (newlines kept).

    Code inside string interpolations is kept, so its braces still balance on their own.
    """
    out = list(source)
    n = len(source)

    def blank(start, end):
        for k in range(start, min(end, n)):
            if out[k] != "\n":
                out[k] = " "

    def code(i, in_interpolation):
        depth = 0
        while i < n:
            c = source[i]
            if source.startswith("//", i):
                end = source.find("\n", i)
                end = n if end < 0 else end
                blank(i, end)
                i = end
            elif source.startswith("/*", i):
                i = block_comment(i)
            elif c == "#" and re.match(r'#+"', source[i:]):
                hashes = len(re.match(r"#+", source[i:]).group(0))
                i = string(i, hashes)
            elif c == '"':
                i = string(i, 0)
            elif in_interpolation and c == "(":
                depth += 1
                i += 1
            elif in_interpolation and c == ")":
                if depth == 0:
                    return i
                depth -= 1
                i += 1
            else:
                i += 1
        return i

    def block_comment(i):
        start, depth = i, 0
        while i < n:
            if source.startswith("/*", i):
                depth += 1
                i += 2
            elif source.startswith("*/", i):
                depth -= 1
                i += 2
                if depth == 0:
                    break
            else:
                i += 1
        blank(start, i)
        return i

    def string(i, hashes):
        """`i` is at the first `#` or the opening quote; returns the index after the closing one."""
        start = i
        i += hashes
        multiline = source.startswith('"""', i)
        i += 3 if multiline else 1
        closing = ('"""' if multiline else '"') + "#" * hashes
        escape = "\\" + "#" * hashes
        segment = start
        while i < n:
            if source.startswith(escape, i):
                after = i + len(escape)
                if after < n and source[after] == "(":
                    blank(segment, after + 1)
                    i = code(after + 1, True)
                    segment = i
                    continue
                i = after + 1
            elif source.startswith(closing, i):
                i += len(closing)
                break
            elif source[i] == "\n" and not multiline:
                break
            else:
                i += 1
        blank(segment, i)
        return i

    code(0, False)
    return "".join(out)


TOKEN = re.compile(r"`[^`\n]+`|[A-Za-z_][A-Za-z0-9_]*|\n|[{}()\[\]=.?!]|[^\sA-Za-z0-9_{}()\[\]=.?!]+")


class Declaration:
    def __init__(self, path, line, end_line, name, kind):
        self.path, self.line, self.end_line, self.name, self.kind = path, line, end_line, name, kind

    @property
    def length(self):
        return self.end_line - self.line + 1


def declarations(path, source):
    masked = mask(source)
    tokens = [(m.group(0), m.start()) for m in TOKEN.finditer(masked)]
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", source)]

    def line_of(offset):
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    # Matching braces, by token index.
    closing = {}
    stack = []
    for index, (text, _) in enumerate(tokens):
        if text == "{":
            stack.append(index)
        elif text == "}" and stack:
            closing[stack.pop()] = index

    def previous(index):
        k = index - 1
        while k >= 0 and tokens[k][0] == "\n":
            k -= 1
        return tokens[k][0] if k >= 0 else ""

    def function_body(index):
        """The index of the `{` that opens the body of the declaration at `index`, or None."""
        depth = 0
        for k in range(index + 1, len(tokens)):
            text = tokens[k][0]
            if text in "([":
                depth += 1
            elif text in ")]":
                depth -= 1
            elif depth == 0:
                if text == "{":
                    return k
                if text == "}" or text in DECLARATION_WORDS:
                    return None
        return None

    def property_body(index):
        """A computed property's `{`, or the `{` of a closure that initialises a stored one."""
        depth = 0
        for k in range(index + 1, len(tokens)):
            text = tokens[k][0]
            if text in "([":
                depth += 1
            elif text in ")]":
                depth -= 1
            elif depth == 0:
                if text == "{":
                    return k
                if text == "=":
                    following = next((t for t, _ in tokens[k + 1:] if t != "\n"), "")
                    if following != "{":
                        return None
                elif text == "\n" or text == "}" or text in DECLARATION_WORDS:
                    return None
        return None

    found = []
    function_spans = []
    for index, (text, offset) in enumerate(tokens):
        if text not in ("func", "init", "deinit", "subscript", "var", "let"):
            continue
        if previous(index) == ".":  # `self.init(...)`, `.init(...)`
            continue
        if text in ("var", "let"):
            if any(start < offset < end for start, end in function_spans):
                continue  # a local inside a function counts as part of the function
            body = property_body(index)
            kind = "property"
        else:
            body = function_body(index)
            kind = text
        if body is None or body not in closing:
            continue
        if text == "func" or text in ("var", "let"):
            name = next((t for t, _ in tokens[index + 1:] if t != "\n"), "?")
        else:
            name = text
        end_offset = tokens[closing[body]][1]
        if kind != "property":
            function_spans.append((offset, end_offset))
        found.append(Declaration(path, line_of(offset), line_of(end_offset), name, kind))
    return found


def has_reason(lines, declaration_line):
    """Whether the comments and attributes directly above the declaration give a reason."""
    k = declaration_line - 2
    while k >= 0:
        stripped = lines[k].strip()
        if not (stripped.startswith("//") or stripped.startswith("@") or stripped.startswith("*")
                or stripped.startswith("/*")):
            break
        if REASON.search(stripped):
            return True
        k -= 1
    return REASON.search(lines[declaration_line - 1]) is not None


def swift_files(paths):
    for root in paths:
        if os.path.isfile(root):
            yield root
            continue
        for folder, subfolders, files in os.walk(root):
            subfolders.sort()
            for name in sorted(files):
                if name.endswith(".swift"):
                    yield os.path.join(folder, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=["Sources"])
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--all", action="store_true", help="print every declaration with its length")
    arguments = parser.parse_args()

    missing = 0
    reasoned = 0
    for path in swift_files(arguments.paths):
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        lines = source.split("\n")
        for declaration in declarations(path, source):
            if arguments.all:
                print(f"{path}:{declaration.line}: {declaration.name}: {declaration.length} lines")
                continue
            if declaration.length <= arguments.limit:
                continue
            if has_reason(lines, declaration.line):
                reasoned += 1
                print(f"{path}:{declaration.line}: {declaration.name}: {declaration.length} lines (reason given)")
            else:
                missing += 1
                print(f"{path}:{declaration.line}: {declaration.name}: {declaration.length} lines (no reason given)")
    if not arguments.all:
        print(f"{missing + reasoned} over {arguments.limit} lines, {missing} without a `// long because:` comment")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
