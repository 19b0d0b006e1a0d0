"""ssh, ssh-keygen, ssh-copy-id and the sshd side over the simulated cloud (issue 16)."""
from __future__ import annotations

import pytest
from shelldojo.shell.cloud import fresh_cloud
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, BytesInput

from tests.hostile import run_c
from tests.test_sudo import FakeTerminal

LEARNER_FP = "SHA256:PnYJRywyuUsuuy1Pg7u/yOlXATS+jNVXDmg20OL+45Q"   # shell/packages/data/cloud/learner
WEB1_FP = "SHA256:+5J7Cvl0cobEP9OxanhytXHC+iAbBLlPwtgKbtN+fRU"     # web1's ED25519 host key


def session(terminal: FakeTerminal | None = None, stdin: bytes = b"") -> tuple[Session, BufferOutput, BufferOutput]:
    out, err = BufferOutput(), BufferOutput()
    s = Session(fresh_cloud().main_machine, interactive=terminal is not None, stdout=out, stderr=err,
                stdin=BytesInput(stdin), terminal=terminal)  # type: ignore[arg-type]
    return s, out, err


def run(script: str, terminal: FakeTerminal | None = None, stdin: bytes = b"") -> tuple[int, str, str]:
    s, out, err = session(terminal, stdin)
    status = s.run_source(script)
    # OpenSSH's log lines end in CR LF on stderr (test_log_lines_end_in_crlf): compared as lines here
    return status, out.getvalue().decode(), err.getvalue().decode().replace("\r\n", "\n")


def test_log_lines_end_in_crlf() -> None:
    s, _, err = session()
    s.run_source("ssh nowhere true; ssh -o PubkeyAuthentication=no web1 true")
    assert err.getvalue() == (b"ssh: Could not resolve hostname nowhere: Name or service not known\r\n" +
                              b"Permission denied, please try again.\r\n" * 2
                              + b"learner@web1: Permission denied (publickey,password).\r\n")


# ----------------------------------------------------------------------------- connecting
def test_key_login_runs_the_command_on_the_remote() -> None:
    status, out, err = run("ssh web1 hostname; ssh db1 'hostname; whoami; pwd; echo $SSH_CONNECTION | cut -d\" \" -f3,4'")
    assert (status, err) == (0, "")
    assert out == "web1\ndb1\nlearner\n/home/learner\n10.0.0.12 22\n"


def test_remote_exit_status_comes_back() -> None:
    assert run("ssh web1 'exit 3'; echo $?")[1] == "3\n"


def test_stdin_is_piped_to_the_remote_command() -> None:
    assert run("printf 'a\\nb\\n' | ssh web1 'cat > /tmp/f; wc -l < /tmp/f'; ssh web1 cat /tmp/f")[1] == "2\na\nb\n"


def test_no_command_without_terminal_runs_stdin_as_the_script() -> None:
    status, out, err = run("ssh web1", stdin=b"hostname\nexit 4\n")
    assert (status, out) == (4, "web1\n")
    assert err == "Pseudo-terminal will not be allocated because stdin is not a terminal.\n"


@pytest.mark.parametrize(("script", "message"), [
    ("ssh nowhere true", "ssh: Could not resolve hostname nowhere: Name or service not known\n"),
    ("ssh NoWhere true", "ssh: Could not resolve hostname nowhere: Name or service not known\n"),
    ("ssh 10.0.0.99 true", "ssh: connect to host 10.0.0.99 port 22: No route to host\n"),
    ("ssh -p 2222 web1 true", "ssh: connect to host web1 port 2222: Connection refused\n"),
    ("ssh web1 'sudo systemctl stop ssh'; ssh web1 true", "ssh: connect to host web1 port 22: Connection refused\n"),
])
def test_connection_failures(script: str, message: str) -> None:
    status, out, err = run(script)
    assert (status, out, err) == (255, "", message)


def test_sshd_port_from_sshd_config() -> None:
    script = ("ssh web1 \"sudo sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config\"; "
              "ssh web1 true; echo $?; ssh -q -o StrictHostKeyChecking=accept-new -p 2222 web1 hostname")
    _status, out, err = run(script)
    assert out == "255\nweb1\n"
    assert err == "ssh: connect to host web1 port 22: Connection refused\n"


def test_journal_and_process_table_on_the_remote() -> None:
    out = run("ssh web1 'sudo journalctl -u ssh --no-pager | grep sshd; ps -eo user,args | grep [s]shd:'")[1]
    assert "Accepted publickey for learner from 10.0.0.10 port " in out
    assert f"ssh2: ED25519 {LEARNER_FP}" in out
    assert "learner  sshd: learner@notty" in out.replace("learner   ", "learner  ")


# ----------------------------------------------------------------------------- host keys
def test_unknown_host_without_terminal_fails_verification() -> None:
    # localhost is not in the cloud's ssh_known_hosts: install sshd on dojo and try it
    script = "sudo apt-get install -y -qq openssh-server >/dev/null 2>&1; ssh localhost true"
    status, _out, err = run(script)
    assert (status, err) == (255, "Host key verification failed.\n")


def test_first_connection_question_yes_adds_a_hashed_entry() -> None:
    term = FakeTerminal(["yes"])
    script = "ssh -o GlobalKnownHostsFile=/dev/null web1 hostname; cat ~/.ssh/known_hosts"
    _status, out, err = run(script, term)
    assert err == ("The authenticity of host 'web1 (10.0.0.11)' can't be established.\n"
                   f"ED25519 key fingerprint is {WEB1_FP}.\n"
                   "This key is not known by any other names\n"
                   "Warning: Permanently added 'web1' (ED25519) to the list of known hosts.\n")
    assert term.prompts == ["Are you sure you want to continue connecting (yes/no/[fingerprint])? "]
    host, line = out.split("\n", 1)
    assert host == "web1"
    assert line.startswith("|1|") and " ssh-ed25519 AAAA" in line


def test_first_connection_question_no_and_junk() -> None:
    term = FakeTerminal(["maybe", "no"])
    status, out, err = run("ssh -o GlobalKnownHostsFile=/dev/null web1 hostname", term)
    assert status == 255 and out == ""
    assert err.endswith("Host key verification failed.\n")
    assert term.prompts[1] == "Please type 'yes', 'no' or the fingerprint: "


def test_fingerprint_answer_is_accepted() -> None:
    term = FakeTerminal([WEB1_FP])
    assert run("ssh -o GlobalKnownHostsFile=/dev/null web1 hostname", term)[1] == "web1\n"


def test_accept_new_and_strict_yes() -> None:
    script = ("ssh -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes web1 true; echo $?; "
              "ssh -q -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=accept-new web1 true; "
              "ssh -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes web1 hostname")
    _status, out, err = run(script)
    assert out == "255\nweb1\n"
    assert err == ("No ED25519 host key is known for web1 and you have requested strict checking.\n"
                   "Host key verification failed.\n")


def test_changed_host_key_warning() -> None:
    script = ("mkdir -m 700 ~/.ssh; echo \"web1 $(cat /etc/ssh/dojo/learner/id_ed25519.pub)\" > ~/.ssh/known_hosts; "
              "ssh -o GlobalKnownHostsFile=/dev/null web1 true; echo $?")
    out, err = run(script)[1:]
    assert out == "255\n"
    assert "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n" in err
    assert f"The fingerprint for the ED25519 key sent by the remote host is\n{WEB1_FP}.\n" in err
    assert "Offending ED25519 key in /home/learner/.ssh/known_hosts:1\n" in err
    assert '  ssh-keygen -f "/home/learner/.ssh/known_hosts" -R "web1"\n' in err
    assert err.endswith("Host key for web1 has changed and you have requested strict checking.\n"
                        "Host key verification failed.\n")


# ----------------------------------------------------------------------------- passwords
def test_password_login_with_terminal() -> None:
    term = FakeTerminal(["wrong", "learner"])
    _status, out, err = run("ssh -i /dev/null -o IdentityFile=none -o PubkeyAuthentication=no web1 hostname", term)
    assert out == "web1\n"
    assert term.prompts == ["learner@web1's password: ", "learner@web1's password: "]
    assert "Permission denied, please try again.\n" in err


def test_three_wrong_passwords() -> None:
    term = FakeTerminal(["a", "b", "c"])
    status, _out, err = run("ssh -o PubkeyAuthentication=no web1 true", term)
    assert status == 255
    assert err == ("Permission denied, please try again.\n" * 2
                   + "learner@web1: Permission denied (publickey,password).\n")
    journal = run("ssh web1 'sudo journalctl -u ssh | grep -c \"Failed password for learner\"'")[1]
    assert journal == "0\n"   # a fresh cloud: the failures above were on another one


def test_root_password_refused_by_prohibit_password() -> None:
    term = FakeTerminal(["root", "root", "root"])
    status, _, err = run("ssh root@web1 true", term)
    assert status == 255 and err.endswith("root@web1: Permission denied (publickey,password).\n")


def test_password_authentication_no_on_the_server() -> None:
    script = ("ssh web1 \"echo 'PasswordAuthentication no' | sudo tee /etc/ssh/sshd_config.d/50-no.conf >/dev/null\"; "
              "ssh -o PubkeyAuthentication=no web1 true")
    status, _, err = run(script, FakeTerminal([]))
    assert (status, err) == (255, "learner@web1: Permission denied (publickey).\n")


def test_strict_modes_refuse_a_writable_home() -> None:
    status, _, err = run("ssh web1 'chmod 777 ~'; ssh -o BatchMode=yes web1 true")
    assert status == 255 and err == "learner@web1: Permission denied (publickey,password).\n"


# ----------------------------------------------------------------------------- keys
def test_keygen_then_copy_id_then_login_with_the_new_key() -> None:
    term = FakeTerminal(["", "", "", "learner"])
    script = ("ssh-keygen -t ed25519; ls -ld ~/.ssh | cut -c1-10; stat -c %a ~/.ssh/id_ed25519 ~/.ssh/id_ed25519.pub; "
              "ssh web1 'sudo useradd -m chef; echo chef:pw | sudo chpasswd'; "
              "ssh-copy-id -i ~/.ssh/id_ed25519 chef@web1; echo rc=$?; "
              "ssh -o IdentitiesOnly=yes -i ~/.ssh/id_ed25519 chef@web1 'whoami; stat -c %a .ssh .ssh/authorized_keys'")
    term.answers = ["", "", "", "pw"]
    _status, out, err = run(script, term)
    assert term.prompts[:3] == ["Enter file in which to save the key (/home/learner/.ssh/id_ed25519): ",
                                "Enter passphrase (empty for no passphrase): ", "Enter same passphrase again: "]
    lines = out.split("\n")
    assert lines[:2] == ["Generating public/private ed25519 key pair.", "Created directory '/home/learner/.ssh'."]
    assert "Your identification has been saved in /home/learner/.ssh/id_ed25519" in out
    assert "The key's randomart image is:\n+--[ED25519 256]--+\n" in out
    assert "+----[SHA256]-----+\ndrwx------\n600\n644\n" in out
    assert "\nNumber of key(s) added: 1\n\nNow try logging into the machine, with:   \"ssh 'chef@web1'\"\n" in out
    assert out.endswith("rc=0\nchef\n700\n600\n")
    assert 'INFO: Source of key(s) to be installed: "/home/learner/.ssh/id_ed25519.pub"' in err
    assert "chef@web1's password: " in term.prompts


def test_copy_id_skips_a_key_already_there() -> None:
    script = "cp /etc/ssh/dojo/learner/id_ed25519* /tmp/; ssh-copy-id -i /tmp/id_ed25519 web1; echo rc=$?"
    out, err = run(script)[1:]
    assert out == "rc=0\n"
    assert err.endswith("WARNING: All keys were skipped because they already exist on the remote system.\n"
                        "\t\t(if you think this is a mistake, you may want to use -f option)\n\n")


def test_copy_id_without_keys() -> None:
    assert run("ssh-copy-id web1")[1:] == ("", "/usr/bin/ssh-copy-id: ERROR: No identities found\n")


def test_keygen_fingerprint_and_public_half() -> None:
    script = ("ssh-keygen -l -f /etc/ssh/dojo/learner/id_ed25519; ssh-keygen -y -f /etc/ssh/dojo/learner/id_ed25519; "
              "ssh-keygen -q -t rsa -b 1024 -N secret -C k -f k; ssh-keygen -y -P secret -f k | cut -c1-7; "
              "ssh-keygen -y -P bad -f k; echo $?")
    out, err = run(script)[1:]
    assert out.startswith(f"256 {LEARNER_FP} learner@dojo (ED25519)\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKF5")
    assert out.endswith("learner@dojo\nssh-rsa\n255\n")
    assert err == 'Load key "k": incorrect passphrase supplied to decrypt private key\n'


def test_passphrase_protected_key_asks_for_it() -> None:
    term = FakeTerminal()
    script = ("ssh-keygen -q -t ed25519 -N sesame -f ~/.ssh/id_ed25519; "
              "ssh web1 'cat >> .ssh/authorized_keys' < ~/.ssh/id_ed25519.pub; "
              "ssh -o IdentitiesOnly=yes -F /dev/null -i ~/.ssh/id_ed25519 web1 hostname")
    term.answers = ["sesame"]
    out = run(script, term)[1]
    assert out == "web1\n"
    assert term.prompts == ["Enter passphrase for key '/home/learner/.ssh/id_ed25519': "]


def test_unprotected_private_key_is_ignored() -> None:
    script = ("ssh-keygen -q -t ed25519 -N '' -f ~/.ssh/id_ed25519; "
              "ssh web1 'cat >> .ssh/authorized_keys' < ~/.ssh/id_ed25519.pub; chmod 644 ~/.ssh/id_ed25519; "
              "ssh -F /dev/null -o BatchMode=yes web1 true")
    status, _, err = run(script)
    assert status == 255
    assert "Permissions 0644 for '/home/learner/.ssh/id_ed25519' are too open.\n" in err
    assert err.endswith('Load key "/home/learner/.ssh/id_ed25519": bad permissions\n'
                        "learner@web1: Permission denied (publickey,password).\n")


def test_keygen_known_hosts_find_and_remove() -> None:
    term = FakeTerminal(["yes"])
    script = ("ssh -o GlobalKnownHostsFile=/dev/null web1 true; ssh-keygen -F web1 | head -1; "
              "ssh-keygen -R web1; ssh-keygen -R web1; ls ~/.ssh")
    out, err = run(script, term)[1:]
    assert out == ("# Host web1 found: line 1 \n# Host web1 found: line 1\n/home/learner/.ssh/known_hosts updated.\n"
                   "Original contents retained as /home/learner/.ssh/known_hosts.old\nknown_hosts\nknown_hosts.old\n")
    assert err.endswith("Host web1 not found in /home/learner/.ssh/known_hosts\n")


def test_keygen_overwrite_question() -> None:
    script = "ssh-keygen -q -t ed25519 -N '' -f k; echo n | ssh-keygen -t ed25519 -N '' -f k; echo rc=$?"
    assert run(script)[1] == "Generating public/private ed25519 key pair.\nk already exists.\nOverwrite (y/n)? rc=1\n"


# ----------------------------------------------------------------------------- the REPL
def test_interactive_login_pushes_a_shell_on_the_remote() -> None:
    s, out, err = session(FakeTerminal())
    assert s.run_source("ssh web1") == 0
    assert s.machine.hostname == "web1"
    assert s.run_source("hostname; echo $SSH_TTY") == 0
    assert s.run_source("who | cut -c1-15") == 0
    s.run_source("exit 5")
    s.pop_shell() if s.machine.hostname == "web1" else None
    assert s.machine.hostname == "dojo"
    text = out.getvalue().decode()
    # the server's message of the day first (its /etc/update-motd.d, as pam_motd runs it)
    assert text.startswith("Welcome to Ubuntu 22.04.4 LTS (GNU/Linux ")
    assert " * Support:        https://ubuntu.com/pro\nweb1\n/dev/pts/1\n" in text
    assert "Connection to web1 closed.\n" in err.getvalue().decode()


# ----------------------------------------------------------------------------- a real process
def test_shelldojo_run() -> None:
    outcome = run_c("ssh web1 hostname; ssh web1 'exit 3'; echo $?")
    outcome.assert_clean()
    assert outcome.stdout == b"web1\n3\n"


def test_verbose_names_the_files_and_the_key() -> None:
    err = run("ssh -v web1 true")[2]
    assert err.startswith("OpenSSH_8.9p1 Ubuntu-3ubuntu0.10, OpenSSL 3.0.2 15 Mar 2022\n"
                          "debug1: Reading configuration data /etc/ssh/ssh_config\n")
    assert "debug1: Connecting to web1 [10.0.0.11] port 22.\n" in err
    assert err.endswith('Authenticated to web1 ([10.0.0.11]:22) using "publickey".\n')


def test_openssh_server_install_makes_config_and_host_keys() -> None:
    script = ("sudo apt-get install -y openssh-server 2>/dev/null | grep -E '^(Creating|[0-9]+ SHA256)' | sed 's/SHA256:.*/SHA256:/' | cut -c1-40; "
              "stat -c '%a %n' /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub; "
              "cmp /etc/ssh/sshd_config /usr/share/openssh/sshd_config && echo same; ssh-keygen -l -f "
              "/etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f1,3-")
    out = run(script)[1]
    assert out == ("Creating config file /etc/ssh/sshd_confi\nCreating SSH2 RSA key; this may take som\n"
                   "3072 SHA256:\nCreating SSH2 ECDSA key; this may take s\n256 SHA256:\n"
                   "Creating SSH2 ED25519 key; this may take\n256 SHA256:\n"
                   "600 /etc/ssh/ssh_host_ed25519_key\n644 /etc/ssh/ssh_host_ed25519_key.pub\nsame\n"
                   "256 root@dojo (ED25519)\n")
