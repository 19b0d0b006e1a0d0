"""The Ubuntu-like base image, built once per process and cloned for each machine."""
from __future__ import annotations

from importlib import resources

from filesystem.machine import DiskLimits, Machine, new_fake_filesystem

PASSWD = """\
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
_apt:x:100:65534::/nonexistent:/usr/sbin/nologin
learner:x:1000:1000:Learner,,,:/home/learner:/bin/bash
"""

GROUP = """\
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
mail:x:8:
man:x:12:
sudo:x:27:learner
audio:x:29:
www-data:x:33:
shadow:x:42:
utmp:x:43:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
learner:x:1000:
"""

# Hashes are SHA-512 crypt-shaped; the clear passwords are "root" and "learner".
SHADOW_USERS = ("root", "daemon", "bin", "sys", "sync", "games", "man", "mail", "www-data", "nobody", "_apt")

OS_RELEASE = """\
PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
"""

# Directories of the image: path -> mode (owner root unless listed in OWNED).
DIRS = {
    "/bin": None, "/sbin": None,  # symlinks, made below
    "/boot": 0o755, "/dev": 0o755, "/etc": 0o755, "/etc/skel": 0o755, "/home": 0o755,
    "/home/learner": 0o755, "/media": 0o755, "/mnt": 0o755, "/opt": 0o755, "/proc": 0o555,
    "/root": 0o700, "/run": 0o755, "/srv": 0o755, "/sys": 0o555, "/tmp": 0o1777,
    "/usr": 0o755, "/usr/bin": 0o755, "/usr/sbin": 0o755, "/usr/lib": 0o755,
    "/usr/local": 0o755, "/usr/local/bin": 0o755, "/usr/local/sbin": 0o755,
    "/usr/share": 0o755, "/usr/share/doc": 0o755, "/var": 0o755, "/var/log": 0o755,
    "/var/tmp": 0o1777, "/var/lib": 0o755, "/var/cache": 0o755, "/var/mail": 0o2775,
}


def _skel(name: str) -> bytes:
    return resources.files("filesystem").joinpath("skel", name).read_bytes()


def _shadow() -> str:
    lines = []
    for user in SHADOW_USERS:
        pw = "$6$dojoroot$Dq0sCmKqJ2xB3k0rYy4aZ0sW7J3bU2nVt7m1Qf8dX9yH5cL6pE4rT2uI1oA3sD5fG7hJ9kL0zX2cV4bN6mQ8w." \
            if user == "root" else "*"
        lines.append(f"{user}:{pw}:19800:0:99999:7:::")
    lines.append("learner:$6$dojolearn$Hk3nR7sW2qL9xT5vB1mC8pZ4aY6dF0gJ2eU7iO3kQ9wS5rT1yV8nM4bX6cA0zL2pE7hG5jK3fD9sR1tW6uY0.:"
                 "19800:0:99999:7:::")
    return "\n".join(lines) + "\n"


def build_base_image(programs: dict[str, str] | None = None, limits: DiskLimits | None = None) -> Machine:
    """Build the image; `programs` maps command name -> directory (/usr/bin, /usr/sbin)."""
    fake = new_fake_filesystem()
    machine = Machine(fake, limits)
    os_ = machine.os
    for path, mode in DIRS.items():
        if mode is None:
            continue
        fake.create_dir(path)
        fake.chmod(path, mode, force_unix_mode=True)
    os_.symlink("usr/bin", "/bin")
    os_.symlink("usr/sbin", "/sbin")
    os_.symlink("usr/lib", "/lib")
    fake.chmod("/var/mail", 0o2775, force_unix_mode=True)
    os_.chown("/var/mail", 0, 8)

    def put(path: str, data: bytes | str, mode: int = 0o644, uid: int = 0, gid: int = 0) -> None:
        fake.create_file(path, contents=data.encode() if isinstance(data, str) else data)
        fake.chmod(path, mode, force_unix_mode=True)
        os_.chown(path, uid, gid)

    put("/etc/passwd", PASSWD)
    put("/etc/group", GROUP)
    put("/etc/shadow", _shadow(), 0o640, 0, 42)
    put("/etc/gshadow", "".join(f"{line.split(':')[0]}:*::{line.split(':')[3]}\n"
                                for line in GROUP.splitlines()), 0o640, 0, 42)
    put("/etc/hostname", "dojo\n")
    put("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tdojo\n")
    put("/etc/os-release", OS_RELEASE)
    put("/etc/shells", "# /etc/shells: valid login shells\n/bin/sh\n/bin/bash\n/usr/bin/sh\n/usr/bin/bash\n")
    put("/etc/issue", "Ubuntu 22.04.4 LTS \\n \\l\n\n")
    put("/etc/timezone", "Etc/UTC\n")
    for name in ("bashrc", "profile", "bash_logout"):
        data = _skel(name)
        put(f"/etc/skel/.{name}", data)
        put(f"/home/learner/.{name}", data, 0o644, 1000, 1000)
    os_.chown("/home/learner", 1000, 1000)
    fake.create_file("/dev/zero")
    fake.create_file("/dev/urandom")
    fake.create_file("/dev/random")
    for dev in ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"):
        fake.chmod(dev, 0o666, force_unix_mode=True)
    for name, directory in sorted((programs or {}).items()):
        path = f"{directory}/{name}"
        if not fake.exists(path):
            put(path, f"#!shelldojo builtin {name}\n", 0o755)
    return machine
