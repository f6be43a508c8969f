#!/usr/bin/env python3
"""Ship tests: the release binary, the CI files' steps, nginx with the documented server block,
and the content template, all for real.

    python3 Tests/Ship/run.py

1. scripts/release.sh builds dist/notices-linux-ARCH (checksum, runtime packages, --version).
2. The GitHub workflow (docs/ci/github-actions.yml) is run step by step in a clean folder holding
   only content/ and templates/, with the release binary as NOTICES_URL (file://): the check job
   passes on the bundled content and, on a broken notice, prints the ::error annotation and fails;
   the publish job builds and publishes with rsync over SSH to a local sshd; a scheduled run skips
   while the published next_change lies ahead and rebuilds once it has passed; with a notify.yml,
   the Notify step announces a new notice to a local webhook once and publishes announced.json.
3. nginx from Debian serves the published folder with the server block of docs/deploy.md
   (root, port and redirect-map path substituted; listen/ssl lines replaced) as a child process:
   a page, the alias redirect, the CSP and other headers, types of .ics, feed.xml and .json, the
   404 page, cache lifetimes; the documented map installer refuses a tampered map.
4. The content template (dist/notices-content-template.tar.gz and scripts/make-content-template.sh)
   gives a site that builds in a fresh folder; the GitLab file's jobs run there, the notify job too.

Needs root for apt-get (nginx, rsync, openssh-server, jq, curl, libcurl4-openssl-dev) unless they
are installed. SHIP_REUSE_RELEASE=1 skips the release build when dist/ already has the binary.
Ends with "N passed, N failed"; exits 1 on any failure.
"""
from __future__ import annotations

import hashlib
import json
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover
    print("Tests/Ship/run.py needs PyYAML: pip install pyyaml (Debian: apt-get install python3-yaml)")
    print("0 passed, 1 failed")
    sys.exit(1)

ROOT = Path(__file__).resolve().parents[2]
ARCH = os.uname().machine
BINARY = ROOT / "dist" / f"notices-linux-{ARCH}"
TEMPLATE_TAR = ROOT / "dist" / "notices-content-template.tar.gz"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
ALIAS = "/aktuelles/stoerung-mailversand-microsoft.html"
ALIAS_TARGET = "/meldungen/2016/mail-hotmail/"
BROKEN = "content/notices/2016/mail-hotmail.md"
APT_PACKAGES = ["nginx", "rsync", "openssh-server", "openssh-client", "jq", "curl",
                "libcmark-gfm-dev", "libcmark-gfm-extensions-dev", "libcurl4-openssl-dev"]
# What the binary may need at run time, by Debian package.
RUNTIME_PACKAGES = {"libc6", "libstdc++6", "libgcc-s1", "libcmark-gfm0.29.0.gfm.6",
                    "libcmark-gfm-extensions0.29.0.gfm.6", "libcurl4"}

passed: list[str] = []
failed: list[str] = []
children: list[subprocess.Popen] = []
TMP = Path(tempfile.mkdtemp(prefix="notices-ship-"))
state: dict = {}


TESTS: list[tuple[str, tuple[str, ...], object]] = []


def test(name: str, needs: tuple[str, ...] = ()):
    """Registers a test; main() runs them in file order. A test whose prerequisites (state keys set
    by earlier tests) are missing fails without running."""
    def wrap(function):
        TESTS.append((name, needs, function))
        return function
    return wrap


def run_test(name: str, needs: tuple[str, ...], function) -> None:
    missing = [n for n in needs if n not in state]
    if missing:
        failed.append(name)
        print(f"FAIL {name}: needs {', '.join(missing)} (an earlier step failed)", flush=True)
        return
    start = time.monotonic()
    try:
        function()
    except Exception as error:  # noqa: BLE001 - every failure is reported the same way
        failed.append(name)
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        print(f"FAIL {name} ({time.monotonic() - start:.1f} s): {detail}", flush=True)
    else:
        passed.append(name)
        print(f"ok   {name} ({time.monotonic() - start:.1f} s)", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def run(args, cwd=None, env=None, timeout=300, input_text=None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, timeout=timeout, text=True, input=input_text,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"process exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def copy_site(target: Path) -> Path:
    """A clean folder with only the bundled content/ and templates/, as a content repository."""
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copytree(ROOT / "templates", target / "templates")
    return target


# --- GitHub Actions, step by step ------------------------------------------------------------

class Workflow:
    """Runs the `run:` steps of one job of docs/ci/github-actions.yml as the runner would:
    `bash -e` per step in the workspace, ${{ }} expressions from the given contexts, GITHUB_PATH,
    GITHUB_OUTPUT and `if: steps.X.outputs.Y == 'Z'` conditions. `uses:` steps are skipped (the
    workspace is the checkout)."""

    EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
    apt_done: set[str] = set()  # an apt-get step runs for real once per job, then is taken as done

    def __init__(self, path: Path, workspace: Path, event: str, variables: dict, secrets: dict, github: dict | None = None):
        self.document = yaml.safe_load(path.read_text())
        self.github = github or {}  # github.* values other than event_name (github.api_url, …)
        self.outputs: dict[str, dict[str, str]] = {}
        self.workspace = workspace
        self.event = event
        self.variables = variables
        self.secrets = secrets
        self.runner_temp = workspace.parent / (workspace.name + "-runner-temp")
        self.runner_temp.mkdir(exist_ok=True)
        self.path_file = self.runner_temp / "github_path"
        self.path_file.write_text("")

    def evaluate(self, expression: str) -> str:
        if expression == "github.event_name":
            return self.event
        if expression.startswith("vars."):
            return self.variables.get(expression[5:], "")
        if expression.startswith("secrets."):
            return self.secrets.get(expression[8:], "")
        if expression.startswith("github.") and expression[7:] in self.github:
            return self.github[expression[7:]]
        step = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
        if step:
            return self.outputs.get(step.group(1), {}).get(step.group(2), "")
        raise AssertionError(f"unsupported expression in the workflow: {expression}")

    def substitute(self, text: str) -> str:
        return self.EXPRESSION.sub(lambda m: self.evaluate(m.group(1)), str(text))

    def run_job(self, job: str) -> list[dict]:
        """Runs the job; returns one record per step: name, ran, returncode, stdout, stderr, outputs."""
        spec = self.document["jobs"][job]
        check(spec.get("container") == "debian:12", f"job {job} should run in debian:12")
        env_base = dict(os.environ)
        for key in ("SOURCE_DATE_EPOCH", "GITHUB_WORKSPACE"):
            env_base.pop(key, None)
        env_base.update({k: self.substitute(v) for k, v in (self.document.get("env") or {}).items()})
        env_base.update({"GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_WORKSPACE": str(self.workspace),
                         "RUNNER_TEMP": str(self.runner_temp), "GITHUB_EVENT_NAME": self.event})
        outputs = self.outputs
        records = []
        for index, step in enumerate(spec["steps"]):
            name = step.get("name") or step.get("uses") or f"step {index}"
            if "uses" in step:
                records.append({"name": name, "ran": False})
                continue
            condition = step.get("if")
            if condition:
                match = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+) == '(\w+)'", condition.strip())
                check(match is not None, f"unsupported if: {condition}")
                if outputs.get(match.group(1), {}).get(match.group(2)) != match.group(3):
                    records.append({"name": name, "ran": False})
                    continue
            env = dict(env_base)
            env.update({k: self.substitute(v) for k, v in (step.get("env") or {}).items()})
            extra_path = [line for line in self.path_file.read_text().splitlines() if line]
            env["PATH"] = os.pathsep.join(list(reversed(extra_path)) + [env_base["PATH"]])
            env["GITHUB_PATH"] = str(self.path_file)
            output_file = self.runner_temp / f"output-{index}"
            output_file.write_text("")
            env["GITHUB_OUTPUT"] = str(output_file)
            script = self.runner_temp / f"step-{index}.sh"
            script.write_text(self.substitute(step["run"]))
            if "apt-get" in step["run"]:
                if os.geteuid() != 0 or job in Workflow.apt_done:
                    records.append({"name": name, "ran": False})
                    continue
                Workflow.apt_done.add(job)
            result = run(["bash", "-e", str(script)], cwd=self.workspace, env=env, timeout=240)
            step_outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
            if "id" in step:
                outputs[step["id"]] = step_outputs
            records.append({"name": name, "ran": True, "returncode": result.returncode,
                            "stdout": result.stdout, "stderr": result.stderr, "outputs": step_outputs})
            if result.returncode != 0:
                break  # a failing step fails the job
        return records


def job_failed(records: list[dict]) -> dict | None:
    return next((r for r in records if r.get("ran") and r["returncode"] != 0), None)


def describe(records: list[dict]) -> str:
    lines = []
    for r in records:
        if r.get("ran"):
            lines.append(f"[{r['returncode']}] {r['name']}: {(r['stdout'] + r['stderr']).strip()[-600:]}")
        else:
            lines.append(f"[skipped] {r['name']}")
    return "\n".join(lines)


# --- the tests ---------------------------------------------------------------------------------

@test("prerequisites: Debian packages for the release build, nginx, rsync, sshd, jq")
def prerequisites():
    missing = [p for p in APT_PACKAGES if run(["dpkg", "-s", p]).returncode != 0]
    if missing:
        check(os.geteuid() == 0, f"not root, and these packages are missing: {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        update = run(["apt-get", "update", "-qq"], env=env, timeout=240)
        check(update.returncode == 0, update.stderr[-800:])
        install = run(["apt-get", "install", "-y", "-qq", *missing], env=env, timeout=300)
        check(install.returncode == 0, install.stderr[-800:])
    for tool in ["nginx", "rsync", "jq", "curl", "ssh", "ssh-keygen"]:
        check(shutil.which(tool) or Path("/usr/sbin", tool).exists(), f"{tool} not found")
    state["packages"] = True


@test("scripts/release.sh builds, strips and checksums dist/notices-linux-ARCH", needs=("packages",))
def release_build():
    if os.environ.get("SHIP_REUSE_RELEASE") == "1" and BINARY.exists():
        sha = hashlib.sha256(BINARY.read_bytes()).hexdigest()
    else:
        result = run(["bash", str(ROOT / "scripts/release.sh")], cwd=ROOT, timeout=330)
        check(result.returncode == 0, f"release.sh exited {result.returncode}:\n{result.stderr[-3000:]}")
        lines = result.stdout.strip().splitlines()
        check(len(lines) == 1 and re.fullmatch(r"[0-9a-f]{64}", lines[0]), f"stdout should be the sha256 only: {result.stdout!r}")
        sha = lines[0]
        check("release.sh: warning" not in result.stderr, f"release.sh warned:\n{result.stderr[-1500:]}")
    check(BINARY.is_file() and os.access(BINARY, os.X_OK), f"{BINARY} missing or not executable")
    check(hashlib.sha256(BINARY.read_bytes()).hexdigest() == sha, "printed checksum does not match the file")
    sums = run(["sha256sum", "-c", BINARY.name + ".sha256"], cwd=BINARY.parent)
    check(sums.returncode == 0, f"the .sha256 file does not verify: {sums.stdout}{sums.stderr}")
    symbols = run(["readelf", "-S", "-W", str(BINARY)]).stdout
    check(".symtab" not in symbols, "the binary is not stripped")
    check(str(ROOT).encode() not in BINARY.read_bytes(), "the binary names the checkout folder")
    check(TEMPLATE_TAR.is_file(), f"{TEMPLATE_TAR} missing")
    state["binary"] = BINARY
    state["sha"] = sha


@test("release binary: needs only glibc, libstdc++, cmark-gfm and libcurl4 at run time", needs=("binary",))
def release_runtime():
    ldd = run(["ldd", str(BINARY)])
    check(ldd.returncode == 0 and "not found" not in ldd.stdout, ldd.stdout + ldd.stderr)
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", run(["readelf", "-d", str(BINARY)]).stdout)
    packages = set()
    for library in needed:
        path = next((line.split("=>")[1].split("(")[0].strip() for line in ldd.stdout.splitlines()
                     if line.strip().startswith(library) and "=>" in line), None)
        if path is None and library.startswith("ld-linux"):
            packages.add("libc6")
            continue
        check(path is not None, f"ldd does not resolve {library}")
        owner = run(["dpkg", "-S", os.path.realpath(path)])
        if owner.returncode != 0:
            owner = run(["dpkg", "-S", path])
        check(owner.returncode == 0, f"no Debian package owns {path}")
        packages.add(owner.stdout.split(":")[0].strip())
    check(packages <= RUNTIME_PACKAGES, f"unexpected runtime packages: {sorted(packages - RUNTIME_PACKAGES)}")
    for name in ("libcmark-gfm0.29.0.gfm.6", "libcmark-gfm-extensions0.29.0.gfm.6", "libcurl4"):
        check(name in packages, f"expected {name} among {sorted(packages)}")
    deploy_doc = (ROOT / "docs/deploy.md").read_text()
    for name in ("libcmark-gfm0.29.0.gfm.6", "libcmark-gfm-extensions0.29.0.gfm.6", "libcurl4"):
        check(name in deploy_doc, f"docs/deploy.md does not name {name}")
    print(f"     runtime packages: {' '.join(sorted(packages))}")


@test("notices --version prints the version and the cmark-gfm version", needs=("binary",))
def release_version():
    result = run([str(BINARY), "--version"])
    check(result.returncode == 0, result.stderr)
    version = run(["dpkg-query", "-W", "-f=${Version}", "libcmark-gfm0.29.0.gfm.6"]).stdout
    upstream = version.rsplit("-", 1)[0] if version else "0.29.0.gfm.6"
    text = result.stdout.strip()
    check(re.match(r"^notices \d+\.\d+\.\d+", text) is not None, f"no notices version: {text!r}")
    check(f"cmark-gfm {upstream}" in text, f"expected 'cmark-gfm {upstream}' in {text!r}")


@test("GitHub workflow, check job: passes on the bundled content", needs=("binary",))
def github_check_passes():
    workspace = copy_site(TMP / "gh-check")
    flow = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "pull_request",
                    {"NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"]}, {})
    records = flow.run_job("check")
    check(job_failed(records) is None, describe(records))
    last = records[-1]
    check(last["ran"] and last["name"] == "notices check", describe(records))
    check("::error" not in last["stdout"], last["stdout"])
    state["gh-check"] = workspace


@test("GitHub workflow, check job: a broken notice gives ::error file=…,line=…,col=… and fails", needs=("gh-check",))
def github_check_annotation():
    workspace = state["gh-check"]
    notice = workspace / BROKEN
    lines = notice.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("date:"))
    lines[number] = "date: bald\n"
    notice.write_text("".join(lines))
    flow = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "pull_request",
                    {"NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"]}, {})
    records = flow.run_job("check")
    failure = job_failed(records)
    check(failure is not None and failure["name"] == "notices check", describe(records))
    check(failure["returncode"] == 1, f"exit status {failure['returncode']}, expected 1")
    # The bundled site is German: so are its messages, each with its code.
    expected = f"::error file={BROKEN},line={number + 1},col=7::'date' muss ein Datum sein"
    annotations = [line for line in failure["stdout"].splitlines() if line.startswith("::")]
    check(len(annotations) == 1 and annotations[0].startswith(expected) and "(gefunden: 'bald')" in annotations[0]
          and annotations[0].endswith("[ungueltiges-datum]"),
          f"expected one annotation starting {expected!r}, got {annotations}")
    check(f"{BROKEN}:{number + 1}:7: error:" in failure["stderr"], failure["stderr"])


@test("a sub-folder site: annotation paths are relative to GITHUB_WORKSPACE", needs=("binary",))
def annotation_prefix():
    repository = TMP / "gh-subfolder"
    site = copy_site(repository / "hilfe")
    (site / "content/notices/2016/mail-hotmail.md").write_text(
        (site / BROKEN).read_text().replace("category: stoerung", "category: stoerungen"))
    env = dict(os.environ, GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(repository))
    result = run([str(BINARY), "check", "--site", "hilfe"], cwd=repository, env=env)
    check(result.returncode == 1, f"exit status {result.returncode}")
    check(re.search(r"^::error file=hilfe/content/notices/2016/mail-hotmail\.md,line=4,col=11::", result.stdout, re.M),
          result.stdout)


@test("local sshd for the publish step (child process, 127.0.0.1, key only)", needs=("packages",))
def sshd():
    folder = TMP / "sshd"
    folder.mkdir()
    for key in ("host", "client"):
        made = run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"ship-{key}", "-f", str(folder / key)])
        check(made.returncode == 0, made.stderr)
    (folder / "authorized_keys").write_text((folder / "client.pub").read_text())
    port = free_port()
    user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    config = folder / "sshd_config"
    config.write_text(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {folder / 'host'}
PidFile {folder / 'sshd.pid'}
AuthorizedKeysFile {folder / 'authorized_keys'}
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
AllowUsers {user}
Subsystem sftp internal-sftp
""")
    os.chmod(folder, 0o755)
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    process = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(config)],
                               stdout=subprocess.DEVNULL, stderr=open(folder / "sshd.log", "w"))
    children.append(process)
    wait_for_port(port, process)
    host_key = (folder / "host.pub").read_text().split()
    state["ssh"] = {"DEPLOY_SSH_KEY": (folder / "client").read_text(),
                    "DEPLOY_KNOWN_HOSTS": f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}",
                    "DEPLOY_HOST": "127.0.0.1", "DEPLOY_USER": user, "DEPLOY_PORT": str(port),
                    "process": process, "folder": folder}


@test("GitHub workflow, publish job on push: check, build, rsync over SSH", needs=("binary", "ssh"))
def github_publish():
    workspace = copy_site(TMP / "gh-publish")
    webroot = TMP / "webroot"
    webroot.mkdir()
    (webroot / "alt-geloescht.html").write_text("removed by --delete")
    secrets = {k: v for k, v in state["ssh"].items() if k.startswith("DEPLOY_")}
    secrets["DEPLOY_PATH"] = str(webroot) + "/"
    flow = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "push",
                    {"NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"]}, secrets)
    records = flow.run_job("publish")
    check(job_failed(records) is None, describe(records))
    ran = [r["name"] for r in records if r.get("ran")]
    check(ran[-1] == "Publish (rsync over SSH)", f"steps run: {ran}")
    check((webroot / "index.html").is_file(), "index.html was not published")
    check(not (webroot / "alt-geloescht.html").exists(), "rsync --delete did not remove a stale file")
    check(not (webroot / ".notices-output").exists(), ".notices-output should not be published")
    published = sorted(p.relative_to(webroot) for p in webroot.rglob("*") if p.is_file())
    built = sorted(p.relative_to(workspace / "public") for p in (workspace / "public").rglob("*")
                   if p.is_file() and p.name != ".notices-output")
    check(published == built, "published files differ from the build")
    for path in built:
        check((webroot / path).read_bytes() == (workspace / "public" / path).read_bytes(), f"{path} differs")
    check(oct((webroot / "index.html").stat().st_mode & 0o777) == "0o644", "files should be 0644")
    joined = "".join(r.get("stdout", "") + r.get("stderr", "") for r in records)
    check(secrets["DEPLOY_SSH_KEY"].splitlines()[1] not in joined, "the SSH key appeared in the output")
    check(not (flow.runner_temp / "ssh").exists(), "the key folder was not removed")
    state["webroot"] = webroot
    state["gh-publish"] = (workspace, secrets)


@test("nginx: documented server block renders and passes nginx -t; map installer accepts the map", needs=("webroot",))
def nginx_config():
    doc = (ROOT / "docs/deploy.md").read_text()
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", doc, re.S | re.M)
    site = [b for lang, b in blocks if lang == "nginx" and b.startswith("# /etc/nginx/conf.d/notices.conf")]
    installer = [b for lang, b in blocks if lang == "sh" and b.startswith("#!/bin/sh\n# /usr/local/sbin/notices-redirects-install")]
    check(len(site) == 1 and len(installer) == 1, "docs/deploy.md: server block or installer not found")
    folder = TMP / "nginx"
    for sub in ("logs", "temp"):
        (folder / sub).mkdir(parents=True)
    (folder / "notices-redirects-install").write_text(installer[0])
    redirects = folder / "notices-redirects.conf"
    install = run(["sh", str(folder / "notices-redirects-install"), str(state["webroot"] / "redirects.nginx.conf"), str(redirects)])
    check(install.returncode == 0, install.stderr)
    check(f'"{ALIAS}" "{ALIAS_TARGET}";' in redirects.read_text(), redirects.read_text())

    port = free_port()
    lines, listened = [], False
    for line in site[0].splitlines():
        stripped = line.strip()
        if stripped.startswith("listen "):
            if not listened:
                lines.append(f"    listen 127.0.0.1:{port};")
                listened = True
            continue
        if stripped.startswith("ssl_"):
            continue
        lines.append(line)
    rendered = "\n".join(lines).replace("/srv/notices/public", str(state["webroot"]))
    rendered = rendered.replace("/etc/nginx/notices-redirects.conf", str(redirects))
    check(str(state["webroot"]) in rendered and str(redirects) in rendered, "substitution failed")
    (folder / "site.conf").write_text(rendered + "\n")
    temp = folder / "temp"
    (folder / "nginx.conf").write_text(f"""# Debian's nginx.conf reduced to what a test needs; the site file is verbatim but for
# root, listen, ssl_* and the map path.
error_log {folder / 'logs/error.log'};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {folder / 'logs/access.log'};
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder / 'site.conf'};
}}
""")
    # nginx's workers run as nobody when the test runs as root: they must read the web root.
    # (Not all of TMP: sshd refuses host keys that others can read.)
    os.chmod(TMP, 0o755)
    subprocess.run(["chmod", "-R", "a+rX", str(state["webroot"]), str(folder)], check=True)
    command = ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "logs/error.log"),
               "-g", f"daemon off; pid {folder / 'nginx.pid'};"]
    test_run = run([command[0], "-t", *command[1:]])
    check(test_run.returncode == 0, test_run.stderr)
    check("[warn]" not in test_run.stderr, test_run.stderr)
    state["nginx-config"] = (command, port, folder, installer[0])


@test("nginx: map installer refuses a map with anything but map entries", needs=("nginx-config",))
def nginx_installer_refuses():
    _, _, folder, _ = state["nginx-config"]
    redirects = folder / "notices-redirects.conf"
    before = redirects.read_text()
    for extra in ('server { listen 81; root /; }\n', '    "/a" "/b"; include /etc/passwd;\n', '    "/a" "$host";\n'):
        tampered = folder / "tampered.conf"
        tampered.write_text(before.replace("}\n", extra + "}\n") if "server" not in extra else before + extra)
        result = run(["sh", str(folder / "notices-redirects-install"), str(tampered), str(redirects)])
        check(result.returncode == 1, f"accepted: {extra!r}")
        check(redirects.read_text() == before, "the installed map changed")


def request(port: int, path: str, method: str = "GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers={"Host": "hilfe.example.de"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@test("nginx: serves the published site (page, alias 301, CSP, types, 404, caching)", needs=("nginx-config",))
def nginx_serves():
    command, port, folder, _ = state["nginx-config"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(folder / "logs/stderr.log", "w"))
    children.append(process)
    wait_for_port(port, process)
    state["nginx"] = (process, port)
    webroot = state["webroot"]
    problems = []

    def expect(condition, message):
        if not condition:
            problems.append(message)

    status, headers, body = request(port, "/")
    expect(status == 200, f"/: {status}")
    expect(headers.get("content-type", "").startswith("text/html"), f"/: {headers.get('content-type')}")
    expect(body == (webroot / "index.html").read_bytes(), "/: not index.html")
    expect(headers.get("content-security-policy") == CSP, f"CSP on /: {headers.get('content-security-policy')!r}")
    expect(headers.get("cache-control") == "no-cache", f"/: cache-control {headers.get('cache-control')}")

    status, headers, body = request(port, ALIAS_TARGET)
    expect(status == 200 and headers.get("content-type", "").startswith("text/html"), f"notice: {status} {headers.get('content-type')}")
    expect(headers.get("content-security-policy") == CSP, "CSP on a notice page")
    for name, value in (("x-content-type-options", "nosniff"), ("referrer-policy", "strict-origin-when-cross-origin"),
                        ("x-frame-options", "DENY")):
        expect(headers.get(name) == value, f"{name}: {headers.get(name)!r}")
    expect("camera=()" in headers.get("permissions-policy", ""), "permissions-policy")
    expect("server" not in headers or "nginx/" not in headers["server"], "server_tokens")
    html = body.decode()
    expect("<script>" not in html and " style=" not in html and "<style" not in html, "inline script or style in a page")

    status, headers, _ = request(port, ALIAS)
    expect(status == 301, f"alias: {status}")
    expect(headers.get("location", "").endswith(ALIAS_TARGET), f"alias location: {headers.get('location')}")
    expect(headers.get("content-security-policy") == CSP, "CSP on the redirect")

    for path, kind in (("/wartung.ics", "text/calendar"), ("/feed.xml", "application/atom+xml"),
                       ("/produkte/drkcms-v6-kv/feed.xml", "application/atom+xml"),
                       ("/produkte/drkcms-v7/wartung.ics", "text/calendar"),  # only nodes with a window have one
                       ("/notices.json", "application/json"), ("/assets/style.css", "text/css"),
                       ("/assets/notices.js", "application/javascript"), ("/sitemap.xml", "text/xml")):
        status, headers, body = request(port, path)
        expect(status == 200, f"{path}: {status}")
        expect(headers.get("content-type", "").split(";")[0] == kind, f"{path}: {headers.get('content-type')}")
        expect(body == (webroot / path.lstrip("/")).read_bytes(), f"{path}: body differs")
        expected_cache = "public, max-age=3600" if path.startswith("/assets/") else "public, max-age=300"
        expect(headers.get("cache-control") == expected_cache, f"{path}: cache-control {headers.get('cache-control')}")
    expect("charset=utf-8" in request(port, "/wartung.ics")[1].get("content-type", ""), "ics charset")

    # The status banner for other sites (docs/deploy.md): CORS on JSON, status files, badges and
    # the banner script, short cache lifetimes on status files, no CORS header on pages.
    for path, kind, cache in (("/status.json", "application/json", "public, max-age=30"),
                              ("/produkte/drkcms-v6-kv/status.json", "application/json", "public, max-age=30"),
                              ("/produkte/drkcms-v6-kv/status.svg", "image/svg+xml", "public, max-age=30"),
                              ("/status-texts.json", "application/json", "public, max-age=300"),
                              ("/notices.json", "application/json", "public, max-age=300"),
                              ("/assets/embed.js", "application/javascript", "public, max-age=3600")):
        status, headers, body = request(port, path)
        expect(status == 200 and body == (webroot / path.lstrip("/")).read_bytes(), f"{path}: {status} or body differs")
        expect(headers.get("content-type", "").split(";")[0] == kind, f"{path}: {headers.get('content-type')}")
        expect(headers.get("access-control-allow-origin") == "*", f"{path}: access-control-allow-origin {headers.get('access-control-allow-origin')!r}")
        expect(headers.get("cache-control") == cache, f"{path}: cache-control {headers.get('cache-control')}")
    for path in ("/", ALIAS_TARGET, "/assets/notices.js", "/gibt-es-nicht"):
        expect("access-control-allow-origin" not in request(port, path)[1], f"{path}: a CORS header on a page or the site's own script")

    not_found = (webroot / "404.html").read_bytes()
    for path in ("/gibt-es-nicht", "/meldungen/2016/gibt-es-nicht/", "/redirects.nginx.conf", "/_redirects", "/.notices-output"):
        status, headers, body = request(port, path)
        expect(status == 404, f"{path}: {status}")
        expect(body == not_found, f"{path}: body is not the site's 404.html")
        expect(headers.get("content-type", "").startswith("text/html"), f"{path}: {headers.get('content-type')}")
        expect(headers.get("content-security-policy") == CSP, f"{path}: no CSP on the 404")

    status, headers, _ = request(port, "/meldungen")
    expect(status == 301 and headers.get("location", "").endswith("/meldungen/"), f"/meldungen: {status} {headers.get('location')}")
    etag = request(port, "/")[1].get("etag")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers={"If-None-Match": etag or ""})
    expect(connection.getresponse().status == 304, "revalidation with ETag should give 304")
    connection.close()
    check(not problems, "; ".join(problems))


@test("GitHub workflow, scheduled publish: skips while next_change lies ahead, rebuilds once it passed", needs=("nginx", "gh-publish"))
def github_schedule():
    _, port = state["nginx"]
    workspace, secrets = state["gh-publish"]
    webroot = state["webroot"]
    variables = {"NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"], "SITE_URL": f"http://127.0.0.1:{port}/"}
    published = webroot / "notices.json"
    original = published.read_bytes()

    flow = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "schedule", variables, secrets)
    records = flow.run_job("publish")
    check(job_failed(records) is None, describe(records))
    due = next(r for r in records if r["name"] == "Is a rebuild due?")
    check(due["outputs"].get("due") == "false", describe(records))
    check(not any(r.get("ran") for r in records if r["name"] in ("Build", "Publish (rsync over SSH)")), describe(records))

    stale = re.sub(rb'"next_change":(null|"[^"]*")', b'"next_change":"2020-01-01T00:00:00+01:00"', original, count=1)
    check(stale != original, "could not make the published notices.json stale")
    published.write_bytes(stale)
    index_inode = (webroot / "index.html").stat().st_ino
    records = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "schedule", variables, secrets).run_job("publish")
    check(job_failed(records) is None, describe(records))
    check(next(r for r in records if r["name"] == "Is a rebuild due?")["outputs"].get("due") == "true", describe(records))
    check(next(r for r in records if r["name"] == "Publish (rsync over SSH)").get("ran"), describe(records))
    check(published.read_bytes() == (workspace / "public/notices.json").read_bytes(), "the rebuild did not replace the stale notices.json")
    check((webroot / "index.html").stat().st_ino == index_inode, "rsync -c rewrote an unchanged file")

    variables["SITE_URL"] = f"http://127.0.0.1:{free_port()}/"
    records = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "schedule", variables, secrets).run_job("publish")
    check(next(r for r in records if r["name"] == "Is a rebuild due?")["outputs"].get("due") == "true",
          "an unreachable site should mean: rebuild")
    check(job_failed(records) is None, describe(records))


class HookReceiver:
    """A webhook endpoint on 127.0.0.1 that keeps every POST body."""

    def __init__(self):
        import http.server
        import threading
        posts = self.posts = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                posts.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self):
        taken, self.posts[:] = list(self.posts), []
        return [json.loads(body) for body in taken]


@test("GitHub workflow, notify: after the deploy a change is announced once; announced.json is published", needs=("nginx", "gh-publish"))
def github_notify():
    _, port = state["nginx"]
    workspace, secrets = state["gh-publish"]
    webroot = state["webroot"]
    receiver = HookReceiver()
    variables = {"NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"], "SITE_URL": f"http://127.0.0.1:{port}/"}
    secrets = dict(secrets, NOTICES_HOOK_URL=receiver.url)
    notify_yml = workspace / "content/notify.yml"
    added = workspace / "content/notices/2026/ship-notify-test.md"
    notify_yml.write_text("channels:\n  - {name: hook, products: [all], webhook_env: NOTICES_HOOK_URL, format: json}\n")
    added.write_text("---\ntitle: Neue Meldung aus dem Ship-Test\ndate: 2026-01-05\ncategory: info\nproducts: [drkcms-v7]\n---\nText.\n")
    try:
        records = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "push", variables, secrets).run_job("publish")
        check(job_failed(records) is None, describe(records))
        ran = [r["name"] for r in records if r.get("ran")]
        check(ran[-2:] == ["Publish (rsync over SSH)", "Notify"], f"steps run: {ran}")
        posts = receiver.take()
        check([[c["key"] for c in p["changes"]] for p in posts] == [["new:2026/ship-notify-test"]], f"webhook got {posts}")
        record = webroot / "announced.json"
        check(record.is_file() and "new:2026/ship-notify-test" in record.read_text(), "announced.json was not published")
        joined = "".join(r.get("stdout", "") + r.get("stderr", "") for r in records)
        check(receiver.url not in joined, "the webhook URL appeared in the output")

        # The same push again (a rerun) and a scheduled run: nothing new is sent.
        for event in ("push", "schedule"):
            records = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, event, variables, secrets).run_job("publish")
            check(job_failed(records) is None, describe(records))
            check(next(r for r in records if r["name"] == "Notify").get("ran"), f"{event}: notify did not run")
            check(receiver.take() == [], f"{event}: a rerun announced something again")
            check(record.is_file(), f"{event}: the deploy removed announced.json")
    finally:
        notify_yml.unlink(missing_ok=True)
        added.unlink(missing_ok=True)
        receiver.server.shutdown()


@test("GitHub workflow, publish: refuses an empty or relative DEPLOY_PATH", needs=("gh-publish",))
def github_publish_guard():
    workspace, secrets = state["gh-publish"]
    for bad in ("", "relative/", "/srv/no-slash"):
        flow = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "push",
                        {"NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"]}, dict(secrets, DEPLOY_PATH=bad))
        records = flow.run_job("publish")
        failure = job_failed(records)
        check(failure is not None and failure["name"] == "Publish (rsync over SSH)", f"DEPLOY_PATH={bad!r} was accepted")


@test("GitHub workflow: a wrong NOTICES_SHA256 stops the job before the binary runs", needs=("binary",))
def github_checksum():
    workspace = copy_site(TMP / "gh-badsum")
    flow = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "pull_request",
                    {"NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": "0" * 64}, {})
    records = flow.run_job("check")
    failure = job_failed(records)
    check(failure is not None and failure["name"] == "Install notices", describe(records))


@test("nginx stops", needs=("nginx",))
def nginx_stop():
    process, port = state["nginx"]
    stop(process)
    check(process.returncode is not None, "nginx still runs")
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        raise AssertionError("port still open")
    except OSError:
        pass


@test("content template: the release tarball gives a site that builds in a fresh folder", needs=("binary",))
def template_tarball():
    target = TMP / "fresh-from-tar"
    target.mkdir()
    with tarfile.open(TEMPLATE_TAR) as archive:
        archive.extractall(target, filter="data")
    for path in ("content/site.yml", "content/products.yml", "content/ANLEITUNG.md",
                 ".github/workflows/notices.yml", ".gitlab-ci.yml", "README.md", ".gitignore"):
        check((target / path).is_file(), f"{path} missing from the template")
    check(not (target / "templates").exists(), "the template carries a copy of the theme; the binary has it built in")
    notices = list((target / "content/notices").rglob("*.md"))
    check(len(notices) == 1, f"expected one example notice, found {notices}")
    check((target / ".github/workflows/notices.yml").read_bytes() == (ROOT / "docs/ci/github-actions.yml").read_bytes(),
          "the template's GitHub workflow differs from docs/ci/github-actions.yml")
    check((target / ".gitlab-ci.yml").read_bytes() == (ROOT / "docs/ci/gitlab-ci.yml").read_bytes(),
          "the template's GitLab file differs from docs/ci/gitlab-ci.yml")
    check_run = run([str(BINARY), "check"], cwd=target)
    check(check_run.returncode == 0, check_run.stderr)
    build = run([str(BINARY), "build"], cwd=target)
    check(build.returncode == 0, build.stderr)
    check((target / "public/index.html").is_file(), "no public/index.html")
    notice_page = target / "public/meldungen/2026/neue-kundeninformationen/index.html"
    check(notice_page.is_file(), "the example notice's page is missing")
    state["template"] = target


@test("content template: scripts/make-content-template.sh DIR, then notices build", needs=("binary",))
def template_script():
    target = TMP / "fresh-from-script" / "hilfe-inhalte"
    made = run(["bash", str(ROOT / "scripts/make-content-template.sh"), str(target)])
    check(made.returncode == 0, made.stderr)
    build = run([str(BINARY), "build"], cwd=target)
    check(build.returncode == 0 and (target / "public/index.html").is_file(), build.stderr)
    refused = run(["bash", str(ROOT / "scripts/make-content-template.sh"), str(target)])
    check(refused.returncode == 1, "a non-empty folder should be refused")


@test("install.sh: a temporary HOME with no Swift on PATH gets a working notices from the install line", needs=("binary",))
def install_line():
    home = TMP / "install-home"
    home.mkdir()
    installer = ROOT / "dist" / "install.sh"
    check(installer.is_file() and installer.read_bytes() == (ROOT / "scripts/install.sh").read_bytes(),
          "release.sh should publish scripts/install.sh as dist/install.sh")
    path = "/usr/bin:/bin"
    check(shutil.which("swift", path=path) is None, f"swift is on the test's PATH {path}")
    env = {"HOME": str(home), "PATH": path, "LANG": "C.UTF-8"}
    release = (ROOT / "dist").as_uri()
    # The documented line: curl … install.sh | sh -s -- --from RELEASE
    line = f"curl -fsSL {release}/install.sh | sh -s -- --from {release}"
    result = run(["sh", "-c", line], cwd=home, env=env)
    check(result.returncode == 0, f"{line}: {result.stderr}")
    installed = home / ".local/bin/notices"
    check(installed.is_file() and os.access(installed, os.X_OK), f"no {installed}")
    check(installed.read_bytes() == BINARY.read_bytes(), "the installed binary differs from the release")
    check("not on PATH" in result.stderr, f"should say that ~/.local/bin is not on PATH: {result.stderr}")
    env["PATH"] = f"{installed.parent}:{path}"
    made = run(["notices", "init", "hilfe"], cwd=home, env=env)
    check(made.returncode == 0, made.stderr)
    site = home / "hilfe"
    check(not (site / "templates").exists(), "notices init copied the theme")
    built = run(["notices", "build"], cwd=site, env=env)
    check(built.returncode == 0 and (site / "public/index.html").is_file(), built.stderr)
    check("Dateien nach" in built.stderr, f"the German site should report in German: {built.stderr}")
    other = home / "werkzeuge"
    again = run(["sh", str(installer), "--from", release, "--dir", str(other)], cwd=home, env=env)
    check(again.returncode == 0 and (other / "notices").is_file(), again.stderr)
    # A tampered checksum installs nothing.
    fake = TMP / "install-fake-release"
    fake.mkdir()
    shutil.copy(BINARY, fake / BINARY.name)
    (fake / f"{BINARY.name}.sha256").write_text("0" * 64 + f"  {BINARY.name}\n")
    target = home / "nie"
    refused = run(["sh", str(installer), "--from", fake.as_uri(), "--dir", str(target)], cwd=home, env=env)
    check(refused.returncode == 1 and "checksum mismatch" in refused.stderr, refused.stderr)
    check(not (target / "notices").exists(), "a binary with a wrong checksum was installed")


def check_preview(folder: Path) -> None:
    """A preview: drafts and scheduled notices are in it and marked, nothing may be indexed."""
    draft = folder / "meldungen/2026/umstellung-php-8-3-entwurf/index.html"
    scheduled = folder / "meldungen/2026/jahreswechsel-support-zeiten/index.html"
    check(draft.is_file() and scheduled.is_file(), f"the draft or the scheduled notice is missing from {folder}")
    check('<span class="preview">Entwurf</span>' in draft.read_text(), "the draft is not marked")
    check('<span class="preview">Geplant</span>' in scheduled.read_text(), "the scheduled notice is not marked")
    pages = list(folder.rglob("*.html"))
    unmarked = [p for p in pages if '<meta name="robots" content="noindex, nofollow">' not in p.read_text()]
    check(pages and not unmarked, f"pages without noindex: {unmarked[:3]}")
    check((folder / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n", "robots.txt should disallow everything")


@test("GitHub workflow, preview job: a preview folder with drafts marked and noindex, linked in the pull request", needs=("binary",))
def github_preview():
    import http.server
    import json
    import threading
    received = []

    class Comments(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server interface
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received.append((self.path, self.headers.get("Authorization"), json.loads(body)))
            self.send_response(201)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Comments)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        workspace = copy_site(TMP / "gh-preview")
        github = {"token": "test-token", "server_url": "https://github.example", "repository": "drk/hilfe", "run_id": "42",
                  "api_url": f"http://127.0.0.1:{server.server_address[1]}", "event.pull_request.number": "7"}
        flow = Workflow(ROOT / "docs/ci/github-actions.yml", workspace, "pull_request",
                        {"NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"]}, {}, github)
        records = flow.run_job("preview")
    finally:
        server.shutdown()
    check(job_failed(records) is None, describe(records))
    ran = [r["name"] for r in records if r.get("ran")]
    check("Build the preview" in ran and ran[-1] == "Link the preview in the pull request", f"steps run: {ran}")
    skipped = [r["name"] for r in records if not r.get("ran")]
    check("Upload the preview" in skipped, "the upload step should be a `uses:` step")
    check_preview(workspace / "vorschau")
    check(len(received) == 1, f"expected one comment, got {received}")
    path, authorization, body = received[0]
    check(path == "/repos/drk/hilfe/issues/7/comments" and authorization == "Bearer test-token", f"{path} {authorization}")
    check("https://github.example/drk/hilfe/actions/runs/42" in body["body"] and "Vorschau" in body["body"], body["body"])


def gitlab_script(document: dict, job: str) -> str:
    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item
    spec = document[job]
    lines = list(flatten(spec.get("before_script", []))) + list(flatten(spec["script"]))
    return "set -eo pipefail\n" + "\n".join(lines) + "\n"


@test("GitLab file: check job and publish job run in the template (rsync over SSH)", needs=("template", "ssh"))
def gitlab_jobs():
    document = yaml.safe_load((ROOT / "docs/ci/gitlab-ci.yml").read_text())
    check(document["default"]["image"] == "debian:12", "image should be debian:12")
    target = state["template"]
    folder = TMP / "gitlab"
    folder.mkdir()
    key_file = folder / "deploy_key"
    key_file.write_text(state["ssh"]["DEPLOY_SSH_KEY"])
    known_hosts = folder / "known_hosts"
    known_hosts.write_text(state["ssh"]["DEPLOY_KNOWN_HOSTS"] + "\n")
    webroot = TMP / "webroot-gitlab"
    webroot.mkdir()
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update({k: str(v) for k, v in document.get("variables", {}).items()})
    env.update({"CI": "true", "GITLAB_CI": "true", "CI_PROJECT_DIR": str(target), "CI_DEFAULT_BRANCH": "main",
                "CI_COMMIT_BRANCH": "main", "NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"],
                "DEPLOY_SSH_KEY": str(key_file), "DEPLOY_KNOWN_HOSTS": str(known_hosts),
                "DEPLOY_HOST": "127.0.0.1", "DEPLOY_USER": state["ssh"]["DEPLOY_USER"],
                "DEPLOY_PORT": state["ssh"]["DEPLOY_PORT"], "DEPLOY_PATH": str(webroot) + "/"})
    for job, source in (("check", "merge_request_event"), ("publish", "push")):
        script = folder / f"{job}.sh"
        script.write_text(gitlab_script(document, job))
        result = run(["bash", str(script)], cwd=target, env=dict(env, CI_PIPELINE_SOURCE=source), timeout=240)
        check(result.returncode == 0, f"{job}: exit {result.returncode}\n{(result.stdout + result.stderr)[-1500:]}")
    check((webroot / "index.html").is_file(), "the GitLab publish job published nothing")
    check((webroot / "meldungen/2026/neue-kundeninformationen/index.html").is_file(), "example notice not published")
    state["gitlab"] = (document, target, folder, webroot, env)


@test("GitLab file: the notify job announces a new notice once after the publish job", needs=("gitlab",))
def gitlab_notify():
    import functools
    import http.server
    import threading
    document, target, folder, webroot, env = state["gitlab"]
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(webroot))
    site_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site_server.serve_forever, daemon=True).start()
    receiver = HookReceiver()
    env = dict(env, SITE_URL=f"http://127.0.0.1:{site_server.server_address[1]}/", NOTICES_HOOK_URL=receiver.url)
    (target / "content/notify.yml").write_text("channels:\n  - {name: hook, products: [all], webhook_env: NOTICES_HOOK_URL, format: json}\n")
    (target / "content/notices/2026/gitlab-notify-test.md").write_text(
        "---\ntitle: Neu über GitLab\ndate: 2026-01-06\ncategory: info\nproducts: [all]\n---\nText.\n")
    try:
        for attempt in ("first", "rerun"):
            for job in ("publish", "notify"):
                script = folder / f"{job}-notify.sh"
                # The packages are in place from the test above; apt-get again would only wait for locks.
                lines = [line for line in gitlab_script(document, job).splitlines() if not line.startswith("apt-get")]
                script.write_text("\n".join(lines) + "\n")
                result = run(["bash", str(script)], cwd=target, env=dict(env, CI_PIPELINE_SOURCE="push"), timeout=240)
                check(result.returncode == 0, f"{attempt} {job}: exit {result.returncode}\n{(result.stdout + result.stderr)[-1500:]}")
            posts = receiver.take()
            expected = [["new:2026/gitlab-notify-test"]] if attempt == "first" else []
            check([[c["key"] for c in p["changes"]] for p in posts] == expected, f"{attempt}: webhook got {posts}")
            check((webroot / "announced.json").is_file(), f"{attempt}: announced.json not published")
    finally:
        site_server.shutdown()
        receiver.server.shutdown()


@test("GitLab file: preview job gives a review app folder with drafts marked and noindex", needs=("binary",))
def gitlab_preview():
    document = yaml.safe_load((ROOT / "docs/ci/gitlab-ci.yml").read_text())
    spec = document["preview"]
    check(spec["artifacts"]["paths"] == ["vorschau/"] and spec["artifacts"].get("expose_as"), "the preview is no exposed artifact")
    check("vorschau/index.html" in spec["environment"]["url"], "the review app does not point at the preview")
    workspace = copy_site(TMP / "gitlab-preview")
    folder = TMP / "gitlab-preview-job"
    folder.mkdir()
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update({k: str(v) for k, v in document.get("variables", {}).items()})
    env.update({"CI": "true", "GITLAB_CI": "true", "CI_PROJECT_DIR": str(workspace), "CI_PIPELINE_SOURCE": "merge_request_event",
                "CI_PROJECT_URL": "https://gitlab.example/drk/hilfe", "CI_JOB_ID": "99",
                "NOTICES_URL": BINARY.as_uri(), "NOTICES_SHA256": state["sha"]})
    script = folder / "preview.sh"
    script.write_text(gitlab_script(document, "preview"))
    result = run(["bash", str(script)], cwd=workspace, env=env, timeout=240)
    check(result.returncode == 0, f"preview: exit {result.returncode}\n{(result.stdout + result.stderr)[-1500:]}")
    check("https://gitlab.example/drk/hilfe/-/jobs/99/artifacts/file/vorschau/index.html" in result.stdout, result.stdout[-800:])
    check_preview(workspace / "vorschau")


def main() -> int:
    started = time.monotonic()
    try:
        for name, needs, function in TESTS:
            run_test(name, needs, function)
    finally:
        for process in children:
            stop(process)
        shutil.rmtree(TMP, ignore_errors=True)
    print(f"Ship tests took {time.monotonic() - started:.0f} s")
    print(f"{len(passed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
