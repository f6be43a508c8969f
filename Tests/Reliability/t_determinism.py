"""5. Determinism: the same input gives a byte-identical site (sha256 manifest) across separate
processes, thread counts, TZ and LANG settings, shuffled directory order (files created in another
order, on another file system), other file modification times, another site and output path, and
SOURCE_DATE_EPOCH instead of --now of the same instant. Every build passes the same --now.
Controls show the variations are real: another --now changes the output; the shuffled copies
list their folders in another order."""
import os
import shutil
import subprocess
import tempfile

import rel_common as common
from rel_common import Config, NOW, NOW_EPOCH, TempDir

LIFECYCLE_NOTICES = {
    # Depend on --now: a running and an upcoming maintenance window, an ongoing disruption,
    # an expired notice, a scheduled one, a pinned one, aliases (redirect pages), updates.
    "2026/wartung-laeuft.md": """---
title: "Wartung des Mailservers läuft"
date: 2026-11-28T09:00:00+01:00
category: wartung
products: [drkcms-v7]
window: { start: "2026-11-29T08:00:00+01:00", end: "2026-11-29T18:00:00+01:00" }
aliases: [/alt/wartung-mail.html]
---
Sehr geehrte Kunden, der Mailserver wird heute gewartet; E-Mails werden danach zugestellt.
""",
    "2026/wartung-geplant.md": """---
title: "Geplante Wartung der Datenbank"
date: 2026-11-20
category: wartung
products: [all]
window: { start: "2026-12-03T22:00:00+01:00", end: "2026-12-04T02:00:00+01:00" }
---
In der Nacht vom 3. auf den 4. Dezember ist die Datenbank für einige Stunden nicht erreichbar.
""",
    "2026/stoerung-aktuell.md": """---
title: "Störung: Kontaktformulare versenden keine E-Mails"
date: 2026-11-29T07:15:00+01:00
category: stoerung
products: [drkcms-v6-kv, drkcms-v9]
status: ongoing
pinned: true
not_affected: [jrkcms-v6, "Geschäftskunden-Produktreihe (Office 365)"]
updates:
  - { date: "2026-11-29T09:00:00+01:00", text: "Die Ursache ist gefunden; wir arbeiten an der **Lösung**." }
  - { date: "2026-11-29T07:30:00+01:00", text: "Wir untersuchen die Störung." }
---
Seit heute früh werden Nachrichten aus Kontaktformularen nicht mehr zugestellt.
""",
    "2026/abgelaufen.md": """---
title: "Hinweis mit Ablaufdatum"
date: 2026-10-01
category: info
products: [drkcms]
expires_at: 2026-11-01T00:00:00+01:00
---
Dieser Hinweis ist abgelaufen und steht nur noch im Archiv.
""",
    "2026/spaeter.md": """---
title: "Ankündigung für Dezember"
date: 2026-12-01
category: info
products: [jrkcms]
publish_at: 2026-12-01T08:00:00+01:00
---
Diese Meldung erscheint erst am 1. Dezember.
""",
}

SETTINGS = """title: Kundeninformationen
base_url: https://hilfe.example.de/
time_zone: Europe/Berlin
"""


def make_base(root):
    common.gen_corpus(root, 60 if Config.quick else 150, 11)
    for relative, text in LIFECYCLE_NOTICES.items():
        common.write(os.path.join(root, "content", "notices", relative), text)
    common.write(os.path.join(root, "content", "site.yml"), SETTINGS)
    return root


def files_of(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)


def shuffled_copy(source, target, random, order):
    """Copies `source` file by file into `target`, creating folders and files in `order`
    ('reverse' or 'random'), with random modification times."""
    paths = files_of(source)
    if order == "reverse":
        paths.reverse()
    else:
        random.shuffle(paths)
    for relative in paths:
        destination = os.path.join(target, relative)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copyfile(os.path.join(source, relative), destination)
    for directory, dirs, files in os.walk(target):
        for name in dirs + files:
            stamp = random.uniform(0, 2_000_000_000)
            os.utime(os.path.join(directory, name), (stamp, stamp))
    return target


def listing_order(root):
    return [(d, os.listdir(d)) for d, _, _ in sorted(os.walk(os.path.join(root, "content", "notices")))]


def run(reporter):
    random = common.rng("determinism")
    with TempDir("det") as temp:
        base = make_base(os.path.join(temp, "site"))
        outputs = os.path.join(temp, "out")

        def build(label, site=base, env=None, now=NOW, jobs=None, cwd=None, output_name="public"):
            output = os.path.join(outputs, label, output_name)
            result = common.build(site, output, now=now, jobs=jobs, env=env if env is not None else base_env(), cwd=cwd)
            if result.returncode != 0:
                reporter.fail(label, "build failed: %s" % result.describe())
                return None
            return common.manifest(output)

        reference = build("reference")
        if reference is None:
            return
        reporter.info("reference build: %d entries" % len(reference))

        def same(label, found, what):
            if found is None:
                return
            reporter.check(label, found == reference, "%s gives other bytes than the reference: %s" % (what, common.manifest_diff(found, reference)),
                           "identical to the reference (%s)" % what)

        same("second-process", build("second-process"), "a second process")
        same("jobs-1", build("jobs-1", jobs=1), "--jobs 1")
        same("jobs-8", build("jobs-8", jobs=8), "--jobs 8")
        for zone in ("UTC", "Pacific/Auckland", "America/Los_Angeles"):
            label = "tz-" + zone.replace("/", "-")
            same(label, build(label, env=base_env(TZ=zone)), "TZ=" + zone)
        try:
            installed = subprocess.run(["locale", "-a"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode(errors="replace").lower()
        except OSError:
            installed = ""
        if "de_de.utf8" not in installed:
            reporter.info("locale de_DE.UTF-8 is not installed here; LANG=de_DE.UTF-8 still reaches Foundation, glibc falls back to C")
        for lang in ("C", "de_DE.UTF-8"):
            label = "lang-" + lang
            same(label, build(label, env=base_env(LANG=lang, LC_ALL=lang)), "LANG=LC_ALL=" + lang)

        # Shuffled creation order and random mtimes: one copy on this file system, one on tmpfs
        # (another file system lists folders in another order), each at another path and built
        # from another working folder into another output name.
        copies = [("shuffled-random-order", shuffled_copy(base, os.path.join(temp, "copy-random", "seite"), random, "random"))]
        shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        shm_temp = tempfile.mkdtemp(prefix="notices-rel-det-", dir=shm) if shm else None
        try:
            other_fs = shm_temp or os.path.join(temp, "copy-reverse")
            copies.append(("shuffled-reverse-order-other-fs", shuffled_copy(base, os.path.join(other_fs, "site"), random, "reverse")))
            original_order = listing_order(base)
            for label, copy in copies:
                differs = [a[1] != b[1] for a, b in zip(original_order, listing_order(copy))]
                same(label, build(label, site=copy, cwd=os.path.dirname(copy), output_name="www"),
                     "a copy created in %s order with random mtimes%s; %d of %d folders list in another order"
                     % ("random" if "random" in label else "reverse", " on " + shm if shm_temp and "other-fs" in label else "",
                        sum(differs), len(differs)))
        finally:
            if shm_temp:
                shutil.rmtree(shm_temp, ignore_errors=True)

        # Only the modification times change, in place.
        for directory, dirs, files in os.walk(base):
            for name in dirs + files:
                stamp = random.uniform(0, 2_000_000_000)
                os.utime(os.path.join(directory, name), (stamp, stamp))
        same("random-mtimes", build("random-mtimes"), "random modification times")

        # SOURCE_DATE_EPOCH instead of --now; and the control: another moment changes the output.
        same("source-date-epoch", build("source-date-epoch", now=None, env=base_env(SOURCE_DATE_EPOCH=str(NOW_EPOCH))),
             "no --now, SOURCE_DATE_EPOCH=%d" % NOW_EPOCH)
        same("now-as-seconds", build("now-as-seconds", now="@%d" % NOW_EPOCH), "--now @%d" % NOW_EPOCH)
        later = build("control-other-now", now="2026-12-04T00:00:00+01:00")
        if later is not None:
            reporter.check("control-other-now-changes-output", later != reference,
                           "a build at another --now gave the same bytes: the time-dependent checks above prove nothing",
                           "another --now changes %s" % common.manifest_diff(later, reference).split(" (")[0])


def base_env(**extra):
    env = common.clean_env(drop=("TZ", "LANG", "LANGUAGE") + tuple(k for k in os.environ if k.startswith("LC_")))
    env.update(extra)
    return env
