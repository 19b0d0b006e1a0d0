"""`CMD --help` prints exactly what the real tool prints, for every command we register.

The real texts live in tests/help_texts.json, recorded once on a machine with the reference
tools (Ubuntu: coreutils 9.1, grep 3.8, findutils 4.9, diffutils 3.8...) by

    python3 -m tests.test_help --record

so this test needs no host tools.  Commands bash implements itself (echo, printf, test, [,
true, false) are skipped: bash's builtin `echo --help` prints "--help".
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.cmdutil import run

TEXTS = Path(__file__).with_name("help_texts.json")


def _recorded() -> dict[str, dict]:
    return json.loads(TEXTS.read_text()) if TEXTS.exists() else {}


def _commands() -> list[str]:
    from shelldojo.shell.registry import load_all

    # the package family emulates Ubuntu 22.04's versions (apt 2.4, jq 1.6...), not this host's
    return sorted(name for name, info in load_all().items() if not info.builtin and info.family != "packages")


# Registered commands whose real program the reference machine lacks (or that print no --help).
_NO_HOST_TOOL: set[str] = {"sudo", "nano",  # not installed on the recording host
                           "cron", "nginx", "sshd",  # packages' daemons, not on the recording host
                           # another version on the recording host (Debian 12's systemd 252 and
                           # sysvinit's pidof) than the one emulated (Ubuntu 22.04's systemd 249,
                           # procps' pidof)
                           "systemctl", "journalctl", "service", "pidof",
                           # Debian 12's iputils 20221126 and iproute2 6.1 list options Ubuntu
                           # 22.04's 20211215 and 5.15 lack (ping -e, ss --inet-sockopt)
                           "ping", "ss",
                           # Debian 12's OpenSSH 9.2 scp (SFTP mode, -X in its usage) is not Ubuntu
                           # 22.04's 8.9 (legacy protocol): scp has no --help, only its usage
                           "scp",
                           # Debian 12's curl 7.88.1 and wget 1.21.3 here; Ubuntu 22.04's 7.81.0 and
                           # 1.21.2 emulated (their --help texts are stored from the host's, version fixed)
                           "curl", "wget"}


@pytest.mark.parametrize("name", sorted(set(_recorded()) & set(_commands()) - _NO_HOST_TOOL))
def test_help_matches_real_tool(name: str) -> None:
    want = _recorded()[name]
    result = run([name, "--help"])
    assert (result.status, result.err) == (want["status"], want["err"])
    assert result.out == want["out"]


def test_every_command_with_a_real_tool_is_recorded() -> None:
    recorded = _recorded()
    missing = [n for n in _commands() if n not in recorded and n not in _NO_HOST_TOOL]
    assert not missing, f"record their help texts: python3 -m tests.test_help --record ({missing})"





def record() -> None:
    """Run each host tool's --help in C.UTF-8 and store the texts (run on the reference machine)."""
    import shutil
    import subprocess

    texts = {}
    for name in _commands():
        path = shutil.which(name)
        if path is None:
            print(f"skip {name}: not on this host", file=sys.stderr)
            continue
        proc = subprocess.run([name, "--help"], executable=path, capture_output=True, check=False,
                              env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin", "TERM": "xterm"})
        # A few non-GNU tools (which, clear, hostname) have no --help: keep what they do instead.
        texts[name] = {"status": proc.returncode, "out": proc.stdout.decode("utf-8"),
                       "err": proc.stderr.decode("utf-8")}
    TEXTS.write_text(json.dumps(texts, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"recorded {len(texts)} help texts in {TEXTS}")


if __name__ == "__main__" and "--record" in sys.argv:
    record()
