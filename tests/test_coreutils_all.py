"""Every program Debian's coreutils 9.1 installs exists on a fresh machine (issue 15), except
SELinux's chcon/runcon and the md5sum.textutils compatibility name; each answers --version
as GNU coreutils 9.1 and --help with its usage line."""
from __future__ import annotations

import pytest

from tests.hostile import run_source_in_process

# `dpkg -L coreutils` on Debian 12 (coreutils 9.1-1), the programs in /usr/bin and /usr/sbin
_NAMES = """
[ arch b2sum base32 base64 basename basenc cat chcon chgrp chmod chown chroot cksum comm cp csplit
cut date dd df dir dircolors dirname du echo env expand expr factor false fmt fold groups head
hostid id install join link ln logname ls md5sum md5sum.textutils mkdir mkfifo mknod mktemp mv nice
nl nohup nproc numfmt od paste pathchk pinky pr printenv printf ptx pwd readlink realpath rm rmdir
runcon seq sha1sum sha224sum sha256sum sha384sum sha512sum shred shuf sleep sort split stat stdbuf
stty sum sync tac tail tee test timeout touch tr true truncate tsort tty uname unexpand uniq unlink
users vdir wc who whoami yes
"""
DEBIAN_COREUTILS = _NAMES.split()
ABSENT = {"chcon", "runcon", "md5sum.textutils"}   # SELinux; a Debian-only alias
PROGRAMS = [p for p in DEBIAN_COREUTILS if p not in ABSENT]


def test_the_list_is_coreutils_9_1() -> None:
    assert len(DEBIAN_COREUTILS) == 106


def test_every_program_is_on_a_fresh_machine() -> None:
    script = "".join(f"type -P {p} >/dev/null || echo missing {p}\n" for p in PROGRAMS if p != "[")
    status, out, err = run_source_in_process(script)
    assert (status, out, err) == (0, "", ""), out


@pytest.mark.parametrize("name", [p for p in PROGRAMS if p != "test"])   # `test --version` is true
def test_version_says_coreutils_9_1(name: str) -> None:
    # by path: /usr/bin/echo is GNU's program, not bash's builtin (Debian's dd says "(coreutils)")
    _, out, _ = run_source_in_process(f"$(type -P {name}) --version | head -n 1")
    assert out.startswith(f"{name} (") and out.endswith("coreutils) 9.1\n"), out
