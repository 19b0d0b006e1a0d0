"""Golden tests of our own: cases recorded from real bash + coreutils, replayed in-process.

Case files `tests/golden/*.sh` use the shared corpus format (`#### name` then the script);
each has its recording `tests/golden/<name>.expected.json`, made on a machine with real
bash and a `learner` account (this resets the host's /home/learner) with:

    flock /tmp/golden.lock python3 ../shared/conformance/conformance.py record \\
        tests/golden/NAME.sh --out tests/golden/NAME.expected.json

Replaying needs only this repository: each case runs through a Session on a fresh machine
and is compared on stdout, stderr (without the "bash: line N: " prefix), exit status and
the final tree under /home/learner, exactly as the shared harness compares them.
"""
from __future__ import annotations

import hashlib
import io
import re
import tarfile
from pathlib import Path

HOME = "/home/learner"
SKEL = (".bash_logout", ".bashrc", ".profile")
_SHELL_PREFIX = re.compile(r"^(?:-?bash|sh): (?:-c: )?(?:line \d+: )?")
GOLDEN = Path(__file__).parent


def parse_cases(path: Path) -> list[dict]:
    cases, name, body = [], None, []
    for line in path.read_text().splitlines(keepends=True):
        if line.startswith("#### "):
            if name is not None:
                cases.append({"name": name, "script": "".join(body)})
            name, body = line[5:].strip(), []
        elif name is not None:
            body.append(line)
    if name is not None:
        cases.append({"name": name, "script": "".join(body)})
    for i, case in enumerate(cases, 1):
        case["id"] = f"{path.stem}/{i:03d}"
    return cases


def normalize_stderr(text: str) -> str:
    return "".join(_SHELL_PREFIX.sub("", line) for line in text.splitlines(keepends=True))


def tree_of_tar(data: bytes) -> dict:
    prefix = HOME.strip("/") + "/"
    tree: dict = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for m in tar.getmembers():
            name = m.name.lstrip("./").lstrip("/")
            if not name.startswith(prefix) or not name[len(prefix):].rstrip("/"):
                continue
            rel = name[len(prefix):].rstrip("/")
            perm = oct(m.mode & 0o7777)
            if m.issym():
                tree[rel] = ["symlink", None, m.linkname]
            elif m.isdir():
                tree[rel] = ["dir", perm, None]
            elif m.isfile() or m.islnk():
                f = tar.extractfile(m)
                tree[rel] = ["file", perm, hashlib.sha256(f.read() if f else b"").hexdigest()[:16]]
            else:
                tree[rel] = ["other", perm, None]
    for name in SKEL:
        if name in tree and tree[name][0] == "file":
            tree[name] = ["file", "skel", "skel"]
    return tree


def run_case(script: str) -> dict:
    """Run one case as `shelldojo run` would and describe what it did."""
    from shelldojo.filesystem.archive import save_tar
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput, NullInput

    machine = fresh_machine()
    out, err = BufferOutput(), BufferOutput()
    session = Session(machine, user="learner", stdin=NullInput(), stdout=out, stderr=err)
    status = session.run_source(script)
    buf = io.BytesIO()
    save_tar(machine, buf)
    return {"stdout": out.getvalue().decode("utf-8", "replace"),
            "stderr": normalize_stderr(err.getvalue().decode("utf-8", "replace")),
            "exit": status, "fs": tree_of_tar(buf.getvalue())}


def diff(expected: dict, got: dict) -> list[str]:
    lines = []
    for part in ("stdout", "stderr", "exit", "fs"):
        if expected[part] != got[part]:
            lines.append(f"{part}: want {expected[part]!r}\n{' ' * len(part)}   got {got[part]!r}")
    return lines


