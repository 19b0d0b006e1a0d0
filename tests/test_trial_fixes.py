"""Issue 13's smaller defects fixed by the lead: an account's own shell in su/sudo su."""
from __future__ import annotations

from shelldojo.filesystem import accounts
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput


def _session() -> Session:
    return Session(fresh_machine(), user="learner", interactive=True, stdin=NullInput(),
                   stdout=BufferOutput(), stderr=BufferOutput())


def test_su_to_an_sh_account_gives_sh_and_its_prompt() -> None:
    s = _session()
    bob = accounts.credentials_for(s.machine.vfs, "root")
    s.push_shell(bob, {"HOME": "/root"}, "/", login=False, shell="/bin/sh")
    assert (s.state.arg0, s.state.get("PS1")) == ("sh", "# ")
    s.pop_shell()
    me = s.state.creds
    s.push_shell(me, {}, "/", login=True, shell="/bin/sh")
    assert (s.state.arg0, s.state.get("PS1")) == ("-sh", "$ ")


def test_su_to_a_bash_account_keeps_bash() -> None:
    s = _session()
    s.push_shell(s.state.creds, {}, "/", login=True, shell="/bin/bash")
    assert s.state.arg0 == "-bash" and s.state.get("PS1") != "$ "


def test_the_sandbox_welcome_fits_narrow_terminals_without_breaking_words() -> None:
    import re

    from shelldojo.shell.repl.welcome import SANDBOX_INTRO, sandbox_welcome
    words = re.sub(r"\x1b\[[0-9;]*m", "", SANDBOX_INTRO).split()
    for width in (80, 60, 120):
        text = re.sub(r"\x1b\[[0-9;]*m", "", sandbox_welcome(width))
        assert max(len(line) for line in text.splitlines()) <= width
        assert text.split()[:len(words)] == words   # every word whole, in order
        assert "learner" in text and "help commands" in text


def test_the_service_manager_is_made_on_first_use_and_restored_when_services_ran() -> None:
    import subprocess
    import sys

    from shelldojo.filesystem import machine, services
    assert machine.SERVICES_STATE == services.STATE   # the one path, named in both modules
    code = ("import sys; from shelldojo.shell.cli import main; main(['run', '-c', 'true']); "
            "print('shelldojo.filesystem.services' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"   # start-up does not pay for units, the journal and json
    s = _session()
    assert s.run_source("sudo -S apt-get install -y nginx >/dev/null 2>&1 <<< learner; true") == 0
    again = s.machine.clone()
    assert again._services is not None and any(p.comm == "nginx" for p in again.procs)
