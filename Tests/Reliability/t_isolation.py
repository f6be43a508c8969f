"""2. A failing build leaves the published folder byte-for-byte unchanged, and no build (failing or
successful) changes anything outside its output folder: the site root, a sentinel file in the
parent folder and a symlinked folder next to the output (and the folder it points to) are
checksummed before and after. The only thing a build may add beside its output is its lock file
`.NAME.notices-lock`. Also a build that fails while writing (disk full) leaves everything as it was."""
import os
import subprocess

import rel_common as common
from rel_common import TempDir


def small_site(root):
    notices = {}
    for number in range(12):
        notices["2020/meldung-%02d.md" % number] = common.notice(
            title='"Meldung %d"' % number, date="2020-03-%02dT10:00:00+01:00" % (number + 1),
            category=["info", "stoerung", "wartung"][number % 3],
            body="Sehr geehrte Kunden,\n\nDies ist die Meldung Nummer %d mit ausreichend langem Text.\n" % number)
    common.make_site(root, notices)
    common.write(os.path.join(root, "README.txt"), "Notizen der Redaktion\n")
    common.write(os.path.join(root, "drafts", "idee.md"), "nicht veröffentlichen\n")
    return root


def snapshot(paths):
    """Manifests of several folders: {label: manifest}."""
    return {label: common.manifest(path, exclude=exclude) for label, (path, exclude) in paths.items()}


def compare(before, after):
    problems = []
    for label in before:
        if before[label] != after[label]:
            problems.append("%s changed: %s" % (label, common.manifest_diff(after[label], before[label])))
    return problems


def run(reporter):
    layout_outside(reporter)
    layout_inside(reporter)
    disk_full(reporter)


def layout_outside(reporter):
    """parent/{site, out, sentinel.txt, linked -> ../elsewhere}; output outside the site root."""
    with TempDir("iso1") as temp:
        parent = os.path.join(temp, "parent")
        site = small_site(os.path.join(parent, "site"))
        output = os.path.join(parent, "out")
        elsewhere = os.path.join(temp, "elsewhere")
        common.write(os.path.join(elsewhere, "wichtig.txt"), "nicht anfassen\n")
        common.write(os.path.join(elsewhere, "unter", "daten.bin"), bytes(range(256)))
        os.symlink(elsewhere, os.path.join(parent, "linked"))
        common.write(os.path.join(parent, "sentinel.txt"), "sentinel\n")
        watched = {"site root": (site, ()), "parent folder (without out/ and the lock file)": (parent, ("out", "site", ".out.notices-lock")),
                   "symlink target": (elsewhere, ())}
        run_sequence(reporter, "outside", site, output, watched, parent, ".out.notices-lock")


def layout_inside(reporter):
    """site/public (the default output) with site/linked -> ../elsewhere and a sentinel beside site/."""
    with TempDir("iso2") as temp:
        site = small_site(os.path.join(temp, "site"))
        elsewhere = os.path.join(temp, "elsewhere")
        common.write(os.path.join(elsewhere, "wichtig.txt"), "nicht anfassen\n")
        os.symlink(elsewhere, os.path.join(site, "linked"))
        common.write(os.path.join(temp, "sentinel.txt"), "sentinel\n")
        watched = {"site root (without public/ and the lock file)": (site, ("public", ".public.notices-lock")),
                   "parent folder": (temp, ("site",)), "symlink target": (elsewhere, ())}
        run_sequence(reporter, "inside", site, None, watched, site, ".public.notices-lock")


def run_sequence(reporter, layout, site, output, watched, lock_folder, lock_name):
    published = output or os.path.join(site, "public")
    notice = os.path.join(site, "content", "notices", "2020", "meldung-03.md")
    template = os.path.join(site, "templates", "notice.mustache")
    original_notice = common.read(notice)
    original_template = common.read(template)

    before = snapshot(watched)
    first = common.build(site, output)
    after = snapshot(watched)
    problems = compare(before, after)
    if first.returncode != 0:
        problems.insert(0, "the first build failed: %s" % first.describe())
    lock = os.path.join(lock_folder, lock_name)
    reporter.check("%s/first-build-touches-only-its-output" % layout, not problems, "; ".join(problems),
                   "site root, sentinel and symlinked folder unchanged%s" % ("; lock file %s added" % lock_name if os.path.exists(lock) else ""))
    good = common.manifest(published)

    failing = [
        ("bad-date", lambda: common.write(notice, original_notice.replace(b"date: 2020-03-04T10:00:00+01:00", b"date: soon")),
         lambda: common.write(notice, original_notice)),
        ("template-syntax", lambda: common.write(template, original_template + b"\n{{#unclosed}}\n"),
         lambda: common.write(template, original_template)),
        ("unknown-product", lambda: common.write(notice, original_notice.replace(b"products: [drkcms-v7]", b"products: [drkcms-v8]")),
         lambda: common.write(notice, original_notice)),
    ]
    for name, breakage, repair in failing:
        breakage()
        before = snapshot(watched)
        result = common.build(site, output)
        after = snapshot(watched)
        problems = []
        if result.returncode != 1 or not result.errors:
            problems.append("expected exit 1 with a path:line:col error; %s" % result.describe())
        now = common.manifest(published)
        if now != good:
            problems.append("published folder changed: %s" % common.manifest_diff(now, good))
        problems += compare(before, after)
        if common.leftovers(published):
            problems.append("leftovers: %s" % ", ".join(common.leftovers(published)))
        reporter.check("%s/failing-build-%s" % (layout, name), not problems, "; ".join(problems),
                       "exit 1, published folder and surroundings unchanged")
        repair()

    # A successful build with changed content replaces only the output.
    common.write(notice, original_notice.replace(b"Dies ist die Meldung", "Dies ist die geänderte Meldung".encode()))
    before = snapshot(watched)
    result = common.build(site, output)
    after = snapshot(watched)
    problems = compare(before, after)
    now = common.manifest(published)
    if result.returncode != 0:
        problems.insert(0, "the build failed: %s" % result.describe())
    elif now == good:
        problems.append("the published folder did not change although a notice did")
    if common.leftovers(published):
        problems.append("leftovers: %s" % ", ".join(common.leftovers(published)))
    reporter.check("%s/second-build-touches-only-its-output" % layout, not problems, "; ".join(problems),
                   "output replaced, surroundings unchanged")


def disk_full(reporter):
    """The staging folder cannot be written (a small tmpfs): exit 1, old site intact, no staging left."""
    with TempDir("iso-full") as temp:
        site = small_site(os.path.join(temp, "site"))
        probe = os.path.join(temp, "probe")
        result = common.build(site, probe)
        if result.returncode != 0:
            reporter.fail("disk-full", "the probe build failed: %s" % result.describe())
            return
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(probe) for f in fs)
        mount_point = os.path.join(temp, "small")
        os.makedirs(mount_point)
        limit_kb = (size * 2) // 1024 + 1024
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk" % limit_kb, "tmpfs", mount_point],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if mounted.returncode != 0:
            reporter.skip("disk-full", "cannot mount a small tmpfs here: %s" % mounted.stdout.decode(errors="replace").strip())
            return
        try:
            output = os.path.join(mount_point, "public")
            first = common.build(site, output)
            if not reporter.check("disk-full/first-build-fits", first.returncode == 0, first.describe()):
                return
            good = common.manifest(output)
            # A notice of about 3 MB: its page and the feeds holding it no longer fit beside the old site.
            paragraph = "Dieser Absatz füllt die Meldung, damit die neue Website nicht mehr auf den Datenträger passt. " * 20
            body = "\n\n".join([paragraph] * 150) + "\n"
            common.write(os.path.join(site, "content", "notices", "2020", "riesig.md"), common.notice(title="Riesig", date="2020-06-01", body=body))
            result = common.build(site, output)
            problems = []
            if result.returncode != 1 or not result.errors:
                problems.append("expected exit 1 with a diagnostic when the disk is full; %s" % result.describe())
            now = common.manifest(output)
            if now != good:
                problems.append("published folder changed: %s" % common.manifest_diff(now, good))
            if common.leftovers(output):
                problems.append("staging left behind: %s" % ", ".join(common.leftovers(output)))
            reporter.check("disk-full/failed-write-leaves-site-intact", not problems, "; ".join(problems),
                           "exit 1 (%s), old site intact, no staging left" % (result.errors[0]["message"][:80] if result.errors else "?"))
        finally:
            subprocess.run(["umount", mount_point], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
