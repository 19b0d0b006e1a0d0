"""Account tools: useradd, userdel, usermod, groupadd, groupdel, passwd, chpasswd, getent, who,
adduser, deluser; SHA-512 crypt against glibc's test vectors."""
from __future__ import annotations

import pytest
from shelldojo.filesystem import Machine, accounts, passwords
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run

LOCK = "{0}: Permission denied.\n{0}: cannot lock {1}; try again later.\n"


def etc(machine: Machine, name: str) -> str:
    return machine.vfs.os.filesystem.resolve(f"/etc/{name}").byte_contents.decode()


def root(argv: list[str], machine: Machine, stdin: bytes = b"") -> tuple[int, str, str]:
    r = run(argv, machine, stdin=stdin, user="root", cwd="/root")
    return r.status, r.out, r.err


# ----------------------------------------------------------------------------- crypt
@pytest.mark.parametrize(("pw", "salt", "rounds", "want"), [
    ("Hello world!", "saltstring", None,
     "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"),
    ("Hello world!", "saltstringsaltstring", 10000,
     ("$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/"
     "y3RnOaw5v.")),
    ("This is just a test", "toolongsaltstring", 5000,
     ("$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8"
     "audkUEm0")),
    ("we have a short salt string but not a short password", "short", 77777,
     "$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0"),
    ("a short string", "asaltof16chars..", 123456,
     ("$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJA"
     "stJeonj1")),
])
def test_sha512_crypt_vectors(pw: str, salt: str, rounds: int | None, want: str) -> None:
    assert passwords.sha512_crypt(pw, salt, rounds) == want
    assert passwords.verify(pw, want)
    assert not passwords.verify(pw + "x", want)


def test_verify_rejects_locked_and_empty() -> None:
    good = passwords.hash_password("x")
    assert passwords.verify("x", good)
    assert not passwords.verify("x", "!" + good)
    assert not passwords.verify("x", "*")


# ----------------------------------------------------------------------------- useradd
def test_useradd_as_learner_is_denied() -> None:
    m = fresh_machine()
    r = run(["useradd", "bob"], m)
    assert (r.status, r.err) == (1, LOCK.format("useradd", "/etc/passwd"))
    assert "bob" not in etc(m, "passwd")


def test_useradd_creates_user_group_shadow_and_home() -> None:
    m = fresh_machine()
    assert root(["useradd", "-m", "-s", "/bin/bash", "-G", "sudo", "-c", "Bob B", "bob"], m) == (0, "", "")
    assert "bob:x:1001:1001:Bob B:/home/bob:/bin/bash\n" in etc(m, "passwd")
    assert "bob:x:1001:\n" in etc(m, "group")
    assert "sudo:x:27:learner,bob\n" in etc(m, "group")
    assert "bob:!::\n" in etc(m, "gshadow")
    assert any(line.startswith("bob:!:") for line in etc(m, "shadow").splitlines())
    s = m.vfs.stat("/home/bob")
    assert (s.st_mode & 0o7777, s.st_uid, s.st_gid) == (0o750, 1001, 1001)
    assert sorted(m.vfs.listdir("/home/bob")) == [".bash_logout", ".bashrc", ".profile"]
    assert m.vfs.stat("/home/bob/.bashrc").st_uid == 1001
    creds = accounts.credentials_for(m.vfs, "bob")
    assert creds is not None and 27 in creds.groups


def test_useradd_defaults_and_next_uid() -> None:
    m = fresh_machine()
    root(["useradd", "bob"], m)
    root(["useradd", "-u", "1500", "carol"], m)
    root(["useradd", "dave"], m)
    text = etc(m, "passwd")
    assert "bob:x:1001:1001::/home/bob:/bin/sh\n" in text
    assert "dave:x:1501:1501::/home/dave:/bin/sh\n" in text
    assert not m.vfs.exists("/home/bob")


@pytest.mark.parametrize(("argv", "status", "err"), [
    (["useradd", "learner"], 9, "useradd: user 'learner' already exists\n"),
    (["useradd", "-u", "abc", "bob"], 3, "useradd: invalid user ID 'abc'\n"),
    (["useradd", "Bad Name"], 3, "useradd: invalid user name 'Bad Name': use --badname to ignore\n"),
    (["useradd", "-g", "nosuch", "bob"], 6, "useradd: group 'nosuch' does not exist\n"),
    (["useradd", "-G", "sudo,nosuch", "bob"], 6, "useradd: group 'nosuch' does not exist\n"),
    (["useradd", "-u", "1000", "bob"], 4, "useradd: UID 1000 is not unique\n"),
    (["useradd", "-s", "bash", "bob"], 3, "useradd: invalid shell 'bash'\n"),
    (["useradd", "-Z", "x", "bob"], 3, "useradd: -Z requires SELinux enabled kernel\n"),
])
def test_useradd_errors(argv: list[str], status: int, err: str) -> None:
    assert root(argv, fresh_machine()) == (status, "", err)


def test_useradd_usage() -> None:
    st, out, err = root(["useradd"], fresh_machine())
    assert st == 2 and out == "" and err.startswith("Usage: useradd [options] LOGIN\n")
    st, out, err = root(["useradd", "-s"], fresh_machine())
    assert st == 2 and err.startswith("useradd: option requires an argument -- 's'\nUsage: useradd")
    st, out, err = root(["useradd", "-h"], fresh_machine())
    assert st == 0 and out.startswith("Usage: useradd")


def test_useradd_twice() -> None:
    m = fresh_machine()
    root(["useradd", "bob"], m)
    assert root(["useradd", "bob"], m) == (9, "", "useradd: user 'bob' already exists\n")


# ----------------------------------------------------------------------------- userdel / usermod
def test_userdel() -> None:
    m = fresh_machine()
    root(["useradd", "-m", "-G", "sudo", "bob"], m)
    assert root(["userdel", "-r", "bob"], m) == (0, "", "userdel: bob mail spool (/var/mail/bob) not found\n")
    assert "bob" not in etc(m, "passwd") + etc(m, "group") + etc(m, "shadow") + etc(m, "gshadow")
    assert not m.vfs.exists("/home/bob")
    assert root(["userdel", "bob"], m) == (6, "", "userdel: user 'bob' does not exist\n")
    assert run(["userdel", "daemon"], m).err == LOCK.format("userdel", "/etc/passwd")


def test_usermod() -> None:
    m = fresh_machine()
    root(["useradd", "-m", "bob"], m)
    assert root(["usermod", "-aG", "sudo,www-data", "-s", "/bin/bash", "bob"], m)[0] == 0
    assert "sudo:x:27:learner,bob\n" in etc(m, "group") and "www-data:x:33:bob\n" in etc(m, "group")
    root(["usermod", "-G", "www-data", "bob"], m)
    assert "sudo:x:27:learner\n" in etc(m, "group")
    root(["usermod", "-l", "robert", "-d", "/home/robert", "-m", "bob"], m)
    assert "robert:x:1001:1001::/home/robert:/bin/bash\n" in etc(m, "passwd")
    assert "www-data:x:33:robert\n" in etc(m, "group")
    assert m.vfs.isdir("/home/robert") and not m.vfs.exists("/home/bob")
    root(["usermod", "-L", "robert"], m)
    assert "robert:!:" in etc(m, "shadow")  # already locked: shadow adds no second !


@pytest.mark.parametrize(("argv", "status", "err"), [
    (["usermod", "nosuch"], 6, "usermod: user 'nosuch' does not exist\n"),
    (["usermod", "-aG", "sudo", "learner"], 1, LOCK.format("usermod", "/etc/passwd")),
    (["usermod", "-G", "nosuch", "learner"], 6, "usermod: group 'nosuch' does not exist\n"),
])
def test_usermod_errors_as_learner(argv: list[str], status: int, err: str) -> None:
    r = run(argv)
    assert (r.status, r.err) == (status, err)


def test_usermod_a_without_G() -> None:
    r = run(["usermod", "-a", "learner"])
    assert r.status == 2 and r.err.startswith("usermod: -a flag is only allowed with the -G flag\nUsage:")


# ----------------------------------------------------------------------------- groups
def test_groupadd_groupdel() -> None:
    m = fresh_machine()
    assert root(["groupadd", "devs"], m) == (0, "", "")
    assert "devs:x:1001:\n" in etc(m, "group")
    assert root(["groupadd", "devs"], m) == (9, "", "groupadd: group 'devs' already exists\n")
    assert root(["groupadd", "-f", "devs"], m) == (0, "", "")
    assert root(["groupadd", "-g", "27", "x"], m) == (4, "", "groupadd: GID '27' already exists\n")
    assert root(["groupadd", "b d"], m) == (3, "", "groupadd: 'b d' is not a valid group name\n")
    assert run(["groupadd", "g1"], m).err == LOCK.format("groupadd", "/etc/group")
    assert run(["groupadd", "g1"], m).status == 10
    assert root(["groupdel", "learner"], m) == (8, "", "groupdel: cannot remove the primary group of user 'learner'\n")
    assert root(["groupdel", "devs"], m) == (0, "", "")
    assert root(["groupdel", "devs"], m) == (6, "", "groupdel: group 'devs' does not exist\n")


# ----------------------------------------------------------------------------- passwd / chpasswd
def test_passwd_status_and_denials() -> None:
    m = fresh_machine()
    r = run(["passwd", "-S"], m)
    assert r.status == 0 and r.out.startswith("learner P ") and r.out.endswith(" 0 99999 7 -1\n")
    r = run(["passwd", "-S", "root"], m)
    assert (r.status, r.err) == (1, "passwd: You may not view or modify password information for root.\n")
    assert run(["passwd", "-l", "learner"], m).err == "passwd: Permission denied.\n"
    assert run(["passwd", "nosuch"], m).err == "passwd: user 'nosuch' does not exist\n"


def test_passwd_own_password_from_stdin() -> None:
    m = fresh_machine()
    r = run(["passwd"], m, stdin=b"learner\nnewsecret\nnewsecret\n")
    assert r.status == 0
    assert r.out == "Changing password for learner.\npasswd: password updated successfully\n"
    assert r.err == "Current password: New password: Retype new password: "
    row = next(line for line in etc(m, "shadow").splitlines() if line.startswith("learner:"))
    assert passwords.verify("newsecret", row.split(":")[1])


def test_passwd_wrong_current() -> None:
    r = run(["passwd"], stdin=b"nope\n")
    assert r.status == 10
    assert r.err.endswith("passwd: Authentication token manipulation error\npasswd: password unchanged\n")


def test_passwd_root_lock_unlock_delete() -> None:
    m = fresh_machine()
    root(["useradd", "bob"], m)
    assert root(["passwd", "-u", "bob"], m)[0] == 3
    assert root(["passwd", "bob"], m, stdin=b"abc\nabc\n")[1] == "passwd: password updated successfully\n"
    assert root(["passwd", "-l", "bob"], m) == (0, "passwd: password expiry information changed.\n", "")
    assert root(["passwd", "-S", "bob"], m)[1].startswith("bob L ")
    root(["passwd", "-u", "bob"], m)
    assert root(["passwd", "-S", "bob"], m)[1].startswith("bob P ")
    root(["passwd", "-d", "bob"], m)
    assert root(["passwd", "-S", "bob"], m)[1].startswith("bob NP ")


def test_chpasswd() -> None:
    m = fresh_machine()
    assert root(["chpasswd"], m, stdin=b"learner:s3cret\nnosuch:x\nbad\n") == (
        1, "", "chpasswd: line 2: user 'nosuch' does not exist\nchpasswd: line 3: missing new password\n")
    row = next(line for line in etc(m, "shadow").splitlines() if line.startswith("learner:"))
    assert passwords.verify("s3cret", row.split(":")[1])
    r = run(["chpasswd"], m, stdin=b"learner:x\n")
    assert r.status == 1 and "password not changed" in r.err


# ----------------------------------------------------------------------------- getent / who
def test_getent() -> None:
    r = run(["getent", "passwd", "learner", "0"])
    assert (r.status, r.out) == (0, ("learner:x:1000:1000:Learner,,,:/home/learner:/bin/bash\n"
                                    "root:x:0:0:root:/root:/bin/bash\n"))
    r = run(["getent", "group", "27", "nosuch"])
    assert (r.status, r.out) == (2, "sudo:x:27:learner\n")
    r = run(["getent", "nosuchdb"])
    assert (r.status, r.err) == (1, ("Unknown database: nosuchdb\nTry `getent --help' or `getent --usage' for "
                                    "more information.\n"))
    r = run(["getent"])
    assert r.status == 1 and r.err.startswith("getent: wrong number of arguments\n")
    assert run(["getent", "shadow", "root"]).status == 2
    assert run(["getent", "shadow", "root"], user="root").out.startswith("root:$6$")


def test_who() -> None:
    r = run(["who"])
    assert r.status == 0 and r.out.startswith("learner  pts/0        ")
    assert run(["who", "-q"]).out == "learner\n# users=1\n"


# ----------------------------------------------------------------------------- adduser / deluser
def test_adduser_noninteractive() -> None:
    m = fresh_machine()
    st, out, err = root(["adduser", "--disabled-password", "--gecos", "", "bob"], m)
    assert (st, err) == (0, "")
    assert out == ("Adding user `bob' ...\nAdding new group `bob' (1001) ...\n"
                   "Adding new user `bob' (1001) with group `bob' ...\nCreating home directory `/home/bob' ...\n"
                   "Copying files from `/etc/skel' ...\n")
    assert "bob:x:1001:1001::/home/bob:/bin/bash\n" in etc(m, "passwd")
    assert m.vfs.stat("/home/bob").st_uid == 1001
    assert root(["adduser", "bob"], m) == (1, "", "adduser: The user `bob' already exists.\n")
    assert root(["adduser", "bob", "sudo"], m)[1] == ("Adding user `bob' to group `sudo' ...\n"
                                                      "Adding user bob to group sudo\nDone.\n")
    assert "sudo:x:27:learner,bob\n" in etc(m, "group")


def test_adduser_asks_password_and_gecos_from_stdin() -> None:
    m = fresh_machine()
    st, out, _ = root(["adduser", "bob"], m, stdin=b"pw\npw\nBob Builder\n\n\n\n\ny\n")
    assert st == 0
    assert "passwd: password updated successfully\nChanging the user information for bob\n" in out
    assert out.endswith("\tOther []: Is the information correct? [Y/n] ")
    assert "bob:x:1001:1001:Bob Builder,,,:/home/bob:/bin/bash\n" in etc(m, "passwd")


def test_adduser_deluser_denied_for_learner() -> None:
    assert run(["adduser", "bob"]).err == "adduser: Only root may add a user or group to the system.\n"
    assert run(["deluser", "bob"]).err == "deluser: Only root may remove a user or group from the system.\n"


def test_deluser() -> None:
    m = fresh_machine()
    root(["adduser", "--disabled-password", "--gecos", "", "bob"], m)
    st, out, _ = root(["deluser", "--remove-home", "bob"], m)
    assert st == 0 and out == ("Looking for files to backup/remove ...\nRemoving files ...\nRemoving user `bob' ...\n"
                               "Warning: group `bob' has no more members.\nDone.\n")
    assert "bob" not in etc(m, "passwd") + etc(m, "group")
    assert root(["deluser", "bob"], m) == (2, "", "deluser: The user `bob' does not exist.\n")
