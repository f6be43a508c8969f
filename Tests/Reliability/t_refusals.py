"""3. Refusals: the generator never builds into a folder whose replacement would delete something
it does not own: `.`, `/`, the home folder, `content/`, `templates/`, the site root (however
spelled, also through a symlink), a parent of the site root, a non-empty folder it did not create,
a file. Each: exit 1, a message containing "refusing to build into", nothing deleted or changed."""
import os
import re

import rel_common as common
from rel_common import TempDir

MESSAGE = "refusing to build into"


def publisher_checks_first():
    """`--output /` is tried only when Publisher.swift shows that the ownership check comes before
    any write: every function there that takes the lock or creates a folder beside the output
    starts with `try checkOutputIsSafe()` (or calls one that does), and that check refuses '/'."""
    path = os.path.join(common.REPO, "Sources", "NoticeKit", "Publishing", "Publisher.swift")
    try:
        source = common.read(path).decode("utf-8")
    except OSError:
        return False, "cannot read %s" % path
    if 'target == "/"' not in source:
        return False, "checkOutputIsSafe() in Publisher.swift does not compare the target with '/'"
    functions = re.findall(r"func (\w+)\([^)]*\)[^{]*\{\s*\n\s*([^\n]+)((?:.|\n)*?)\n    \}", source)
    guarded = {name for name, first, _ in functions if first.strip() == "try checkOutputIsSafe()"}
    for name, first, rest in functions:
        body = first + rest
        if name in guarded or name == "checkOutputIsSafe":
            continue
        if "PublishLock(" in body or "createDirectory(at: parent" in body:
            return False, "%s() in Publisher.swift takes the lock or creates folders without starting with `try checkOutputIsSafe()`" % name
    if not guarded:
        return False, "no function in Publisher.swift starts with `try checkOutputIsSafe()`"
    return True, ""


def run(reporter):
    with TempDir("refuse") as temp:
        home = os.path.join(temp, "home")
        os.makedirs(home)
        env = common.clean_env({"HOME": home})
        grand = os.path.join(temp, "grand")
        parent = os.path.join(grand, "parent")
        site = common.make_site(os.path.join(parent, "site"), {"2020/a.md": common.notice()})
        common.write(os.path.join(site, "README.txt"), "bitte nicht löschen\n")
        common.write(os.path.join(parent, "nachbar.txt"), "Nachbardatei\n")
        foreign = os.path.join(temp, "foreign")
        common.write(os.path.join(foreign, "wichtig.txt"), "nicht löschen\n")
        hidden_only = os.path.join(temp, "hidden-only")
        common.write(os.path.join(hidden_only, ".git", "HEAD"), "ref: refs/heads/main\n")
        a_file = os.path.join(temp, "eine-datei.txt")
        common.write(a_file, "Datei, kein Ordner\n")
        empty = os.path.join(temp, "empty-cwd")
        os.makedirs(empty)
        os.symlink(site, os.path.join(temp, "link-to-site"))
        os.symlink(foreign, os.path.join(temp, "link-to-foreign"))

        def snapshot():
            return {"everything under the test folder": common.manifest(temp), "HOME": common.manifest(home)}

        cases = [
            # name, --output, working folder, extra env, what the generator must refuse
            ("dot-in-site-root", ".", site, None),
            ("dot-in-empty-working-folder", ".", empty, None),
            ("dot-in-foreign-folder", ".", foreign, None),
            ("site-root", site, None, None),
            ("site-root-with-trailing-dot", site + "/.", None, None),
            ("site-root-via-dotdot", os.path.join(site, "content", ".."), None, None),
            ("site-root-via-symlink", os.path.join(temp, "link-to-site"), None, None),
            ("parent-of-site-root", parent, None, None),
            ("grandparent-of-site-root", grand, None, None),
            ("content", os.path.join(site, "content"), None, None),
            ("content-notices", os.path.join(site, "content", "notices"), None, None),
            ("templates", os.path.join(site, "templates"), None, None),
            ("templates-assets", os.path.join(site, "templates", "assets"), None, None),
            ("home-empty", home, None, None),
            ("non-empty-foreign-folder", foreign, None, None),
            ("foreign-folder-via-symlink", os.path.join(temp, "link-to-foreign"), None, None),
            ("folder-with-only-hidden-files", hidden_only, None, None),
            ("a-regular-file", a_file, None, None),
        ]
        for name, output, cwd, extra in cases:
            refusal(reporter, name, site, output, cwd, dict(env, **(extra or {})), snapshot)

        # The home folder even when it is not empty and carries a forged marker.
        common.write(os.path.join(home, ".notices-output"), "forged\n")
        common.write(os.path.join(home, "brief.txt"), "privat\n")
        refusal(reporter, "home-with-forged-marker", site, home, None, env, snapshot)
        # The site root even when someone put a marker into it.
        common.write(os.path.join(site, ".notices-output"), "forged\n")
        refusal(reporter, "site-root-with-forged-marker", site, site, None, env, snapshot)
        os.remove(os.path.join(site, ".notices-output"))

        # The same refusals through `output:` in content/site.yml.
        for name, value in (("settings-output-dot", "."), ("settings-output-dotdot", ".."), ("settings-output-content", "content"),
                            ("settings-output-templates", "templates")):
            common.write(os.path.join(site, "content", "site.yml"), "output: %s\n" % value)
            refusal(reporter, name, site, None, None, env, snapshot)
        os.remove(os.path.join(site, "content", "site.yml"))

        ok, why = publisher_checks_first()
        if ok:
            refusal(reporter, "filesystem-root", site, "/", None, env, snapshot)
        else:
            reporter.skip("filesystem-root", "not tried: " + why)

        # Control: an ordinary output folder next to the site is accepted.
        result = common.build(site, os.path.join(parent, "public"), env=env)
        reporter.check("control-ordinary-folder-accepted", result.returncode == 0, result.describe())


def refusal(reporter, name, site, output, cwd, env, snapshot):
    before = snapshot()
    result = common.build(site, output, env=env, cwd=cwd)
    after = snapshot()
    problems = []
    if result.returncode != 1 or MESSAGE not in result.stderr:
        problems.append("expected exit 1 and %r; got %s" % (MESSAGE, result.describe()))
    for label in before:
        if before[label] != after[label]:
            problems.append("%s changed: %s" % (label, common.manifest_diff(after[label], before[label])))
    line = next((l for l in result.stderr.splitlines() if MESSAGE in l), "")
    reporter.check("refuses-" + name, not problems, "; ".join(problems), line.strip())
