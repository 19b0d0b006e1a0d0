"""sudo and su: authentication through a fake terminal, nested shells, identity of created files."""
from __future__ import annotations

from dataclasses import dataclass, field

from shelldojo.filesystem import passwords
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput


@dataclass
class FakeTerminal:
    """Answers prompts from a script; records every prompt it was asked."""

    answers: list[str | None] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    columns: int = 80
    lines: int = 24

    def read_line(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else None

    def read_secret(self, prompt: str) -> str | None:
        return self.read_line(prompt)

    def run_app(self, app: object) -> object:
        return None

    def clear(self) -> None:
        pass


def session(terminal: FakeTerminal | None = None, user: str = "learner") -> tuple[Session, BufferOutput,
                                                                                   BufferOutput]:
    out, err = BufferOutput(), BufferOutput()
    s = Session(fresh_machine(), user=user, interactive=terminal is not None, stdout=out, stderr=err,
                terminal=terminal)  # type: ignore[arg-type]
    return s, out, err


def text(buf: BufferOutput) -> str:
    return buf.getvalue().decode()


def test_image_hashes_are_real() -> None:
    s, _, _ = session()
    shadow = s.machine.vfs.os.filesystem.resolve("/etc/shadow").byte_contents.decode()
    rows = {line.split(":")[0]: line.split(":")[1] for line in shadow.splitlines()}
    assert passwords.verify("learner", rows["learner"])
    assert passwords.verify("root", rows["root"])


def test_sudo_noninteractive_runs_as_root_without_prompt() -> None:
    s, out, err = session()
    assert s.run_source("sudo whoami; sudo id -u; whoami") == 0
    assert text(out) == "root\n0\nlearner\n"
    assert text(err) == ""


def test_files_created_under_sudo_belong_to_root() -> None:
    s, out, _ = session()
    s.run_source("sudo touch /tmp/f; sudo mkdir /opt/app; stat -c '%U:%G' /tmp/f /opt/app")
    assert text(out) == "root:root\nroot:root\n"


def test_sudo_in_pipeline() -> None:
    s, out, _ = session()
    assert s.run_source("sudo cat /etc/shadow | grep -c '^root:'") == 0
    assert text(out) == "1\n"


def test_shadow_unreadable_without_sudo() -> None:
    s, _, err = session()
    assert s.run_source("cat /etc/shadow") == 1
    assert text(err) == "cat: /etc/shadow: Permission denied\n"


def test_sudo_command_not_found() -> None:
    s, _, err = session()
    assert s.run_source("sudo nosuchcmd") == 1
    assert text(err) == "sudo: nosuchcmd: command not found\n"


def test_sudo_unknown_user_and_usage() -> None:
    s, _, err = session()
    assert s.run_source("sudo -u nobodyx true") == 1
    assert text(err) == "sudo: unknown user nobodyx\n"
    s, _, err = session()
    assert s.run_source("sudo") == 1
    assert text(err).startswith("usage: sudo -h | -K | -k | -V\n")


def test_sudo_as_other_user_and_environment() -> None:
    s, out, _ = session()
    s.run_source("sudo useradd -m bob; sudo -u bob whoami; sudo printenv USER HOME SUDO_USER")
    assert text(out) == "bob\nroot\n/root\nlearner\n"


def test_not_in_sudoers() -> None:
    s, _out, err = session()
    s.run_source("sudo useradd -m bob")
    s.state.creds = s.machine and __import__("shelldojo.filesystem.accounts").filesystem.accounts.credentials_for(s.machine.vfs, "bob")
    assert s.run_source("sudo touch /root/x") == 1
    assert text(err) == "bob is not in the sudoers file.  This incident will be reported.\n"
    assert not s.machine.vfs.os.path.exists("/root/x")


def test_sudo_prompts_once_in_repl() -> None:
    term = FakeTerminal(["learner"])
    s, out, _err = session(term)
    assert s.run_source("sudo whoami") == 0
    assert s.run_source("sudo whoami") == 0
    assert term.prompts == ["[sudo] password for learner: "]
    assert text(out) == "root\nroot\n"
    s.run_source("sudo -k")
    term.answers = ["learner"]
    s.run_source("sudo true")
    assert len(term.prompts) == 2


def test_sudo_wrong_password_three_times() -> None:
    term = FakeTerminal(["a", "b", "c"])
    s, _out, err = session(term)
    assert s.run_source("sudo touch /root/x") == 1
    assert text(err) == "Sorry, try again.\nSorry, try again.\nsudo: 3 incorrect password attempts\n"
    assert len(term.prompts) == 3
    assert not s.machine.vfs.os.path.exists("/root/x")


def test_sudo_wrong_then_right() -> None:
    term = FakeTerminal(["nope", "learner"])
    s, out, err = session(term)
    assert s.run_source("sudo whoami") == 0
    assert text(err) == "Sorry, try again.\n"
    assert text(out) == "root\n"


def test_sudo_i_opens_root_shell_and_exit_returns() -> None:
    term = FakeTerminal(["learner"])
    s, out, _err = session(term)
    s.run_source("sudo -i")
    assert s.state.creds.uid == 0 and s.state.cwd == "/root"
    s.run_source("whoami; pwd")
    assert text(out) == "root\n/root\n"
    s.run_source("exit")
    assert not s.exited
    assert s.state.creds.uid == 1000
    s.run_source("whoami")
    assert text(out).endswith("learner\n")


def test_sudo_i_noninteractive_returns() -> None:
    s, out, _ = session()
    assert s.run_source("sudo -i; whoami") == 0
    assert text(out) == "learner\n"


def test_su_login_and_exit() -> None:
    term = FakeTerminal(["learner"])
    s, out, _err = session(term)
    s.run_source("sudo useradd -m -s /bin/bash bob; echo bob:pw12345 | sudo chpasswd")
    term.answers = ["pw12345"]
    assert s.run_source("su - bob") == 0
    assert term.prompts[-1] == "Password: "
    s.run_source("whoami; pwd; echo $HOME")
    assert text(out) == "bob\n/home/bob\n/home/bob\n"
    s.run_source("exit")
    assert s.state.creds.uid == 1000


def test_su_wrong_password() -> None:
    term = FakeTerminal(["wrong"])
    s, _out, err = session(term)
    assert s.run_source("su") == 1
    assert text(err) == "su: Authentication failure\n"
    assert s.state.creds.uid == 1000


def test_su_root_prompt_changes() -> None:
    term = FakeTerminal(["root"])
    s, out, _err = session(term)
    s.run_source("su -")
    assert s.state.creds.uid == 0
    s.run_source('echo "$USER $HOME"')
    assert text(out) == "root /root\n"


def test_su_c_reads_password_from_stdin() -> None:
    s, out, err = session()
    assert s.run_source("echo root | su -c whoami root") == 0
    assert text(out) == "root\n"
    assert s.run_source("su -c whoami root </dev/null") == 1
    assert text(err).endswith("Password: su: Authentication failure\n")


def test_su_unknown_user() -> None:
    s, _, err = session()
    assert s.run_source("su nobodyx") == 1
    assert text(err) == ("su: user nobodyx does not exist or the user entry does not contain all the "
                         "required fields\n")


def test_sudo_su_in_repl() -> None:
    term = FakeTerminal(["learner"])
    s, _out, _ = session(term)
    s.run_source("sudo su")
    assert s.state.creds.uid == 0
    s.run_source("exit")
    s.run_source("exit")
    assert s.exited


def test_sudoers_file() -> None:
    s, out, _ = session()
    s.run_source("stat -c '%a %U:%G' /etc/sudoers; sudo grep '^%sudo' /etc/sudoers")
    assert text(out) == "440 root:root\n%sudo\tALL=(ALL:ALL) ALL\n"


def test_who_and_userdel_of_logged_in_user() -> None:
    s, out, err = session()
    s.run_source("who | cut -c1-14; sudo userdel learner")
    assert text(out) == "learner  pts/0\n"
    assert text(err) == "userdel: user learner is currently used by process 4242\n"
