"""The Ubuntu-like base image, built once per process and cloned for each machine."""
from __future__ import annotations

import stat
from collections.abc import Callable
from importlib import resources

from pyfakefs.fake_file import FakeFile
from pyfakefs.fake_filesystem import FakeFilesystem
from shelldojo.filesystem.machine import DiskLimits, Machine, new_fake_filesystem

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

# Real SHA-512 crypt hashes (filesystem/passwords.py); the clear passwords are "root" and "learner".
SHADOW_USERS = ("root", "daemon", "bin", "sys", "sync", "games", "man", "mail", "www-data", "nobody", "_apt")

SUDOERS = """\
#
# This file MUST be edited with the 'visudo' command as root.
#
# Please consider adding local content in /etc/sudoers.d/ instead of
# directly modifying this file.
#
# See the man page for details on how to write a sudoers file.
#
Defaults\tenv_reset
Defaults\tmail_badpass
Defaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin"
Defaults\tuse_pty

# Host alias specification

# User alias specification

# Cmnd alias specification

# User privilege specification
root\tALL=(ALL:ALL) ALL

# Members of the admin group may gain root privileges
%admin ALL=(ALL) ALL

# Allow members of group sudo to execute any command
%sudo\tALL=(ALL:ALL) ALL

# See sudoers(5) for more information on "@include" directives:

@includedir /etc/sudoers.d
"""

# The /etc/login.defs and /etc/adduser.conf settings the account tools use (Ubuntu 22.04).
LOGIN_DEFS = """\
MAIL_DIR        /var/mail
FAILLOG_ENAB\t\tyes
LOG_UNKFAIL_ENAB\tno
LOG_OK_LOGINS\t\tno
SYSLOG_SU_ENAB\t\tyes
SYSLOG_SG_ENAB\t\tyes
FTMP_FILE\t/var/log/btmp
SU_NAME\t\tsu
HUSHLOGIN_FILE\t.hushlogin
ENV_SUPATH\tPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV_PATH\tPATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games
TTYGROUP\ttty
TTYPERM\t\t0600
ERASECHAR\t0177
KILLCHAR\t025
UMASK\t\t022
HOME_MODE\t0750
PASS_MAX_DAYS\t99999
PASS_MIN_DAYS\t0
PASS_WARN_AGE\t7
UID_MIN\t\t\t 1000
UID_MAX\t\t\t60000
GID_MIN\t\t\t 1000
GID_MAX\t\t\t60000
LOGIN_RETRIES\t\t5
LOGIN_TIMEOUT\t\t60
CHFN_RESTRICT\t\trwh
DEFAULT_HOME\tyes
USERGROUPS_ENAB yes
ENCRYPT_METHOD SHA512
"""

DEFAULT_USERADD = "# Default values for useradd(8)\nSHELL=/bin/sh\n"

ADDUSER_CONF = """\
DSHELL=/bin/bash
DHOME=/home
GROUPHOMES=no
LETTERHOMES=no
SKEL=/etc/skel
FIRST_SYSTEM_UID=100
LAST_SYSTEM_UID=999
FIRST_SYSTEM_GID=100
LAST_SYSTEM_GID=999
FIRST_UID=1000
LAST_UID=59999
FIRST_GID=1000
LAST_GID=59999
USERGROUPS=yes
USERS_GID=100
DIR_MODE=0750
SETGID_HOME=no
QUOTAUSER=""
SKEL_IGNORE_REGEX="dpkg-(old|new|dist|save)"
"""

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
    "/etc/apt": 0o755, "/etc/apt/sources.list.d": 0o755, "/var/lib/dpkg": 0o755,
    "/var/lib/dpkg/info": 0o755, "/var/lib/dpkg/updates": 0o755, "/var/lib/apt": 0o755,
    "/var/lib/apt/lists": 0o755, "/var/lib/apt/lists/partial": 0o700, "/var/cache/apt": 0o755,
    "/var/cache/apt/archives": 0o755, "/var/cache/apt/archives/partial": 0o700, "/usr/games": 0o755,
    "/usr/local/games": 0o755,
}

SOURCES_LIST = """\
deb http://archive.ubuntu.com/ubuntu/ jammy main restricted universe multiverse
deb http://archive.ubuntu.com/ubuntu/ jammy-updates main restricted universe multiverse
deb http://archive.ubuntu.com/ubuntu/ jammy-backports main restricted universe multiverse
deb http://security.ubuntu.com/ubuntu/ jammy-security main restricted universe multiverse
"""

# The dpkg database of the base image (Ubuntu 22.04 versions): name, version, section,
# priority, Installed-Size (KiB), architecture, synopsis, commands of the image it owns.
BASE_PACKAGES: list[tuple[str, str, str, str, int, str, str, str]] = [
    ("adduser", "3.118ubuntu5", "admin", "important", 608, "all", "add and remove users and groups", ""),
    ("apt", "2.4.12", "admin", "important", 4156, "amd64", "commandline package manager", "apt apt-cache apt-get"),
    ("base-files", "12ubuntu4.6", "admin", "required", 394, "amd64", "Debian base system miscellaneous files", ""),
    ("bash", "5.1-6ubuntu1.1", "shells", "required", 1864, "amd64", "GNU Bourne Again SHell", "bash rbash"),
    ("ca-certificates", "20230311ubuntu0.22.04.1", "misc", "important", 374, "all",
     "Common CA certificates", ""),
    ("coreutils", "8.32-4.1ubuntu1.2", "utils", "required", 7112, "amd64", "GNU core utilities",
     ("[ basename cat chgrp chmod chown comm cp cut date df dirname du echo env expr false groups head "
     "id install ln ls mkdir mv nl nproc paste printenv printf pwd readlink realpath rm rmdir seq sleep "
     "sort stat tail tee test touch tr true tty uname uniq wc whoami yes")),
    ("diffutils", "1:3.8-0ubuntu2", "utils", "required", 424, "amd64", "File comparison utilities", "diff"),
    ("dpkg", "1.21.1ubuntu2.3", "admin", "required", 6732, "amd64", "Debian package management system", "dpkg dpkg-query"),
    ("file", "1:5.41-3ubuntu0.1", "utils", "standard", 83, "amd64", "Recognize the type of data in a file using \"magic\" numbers", "file"),
    ("findutils", "4.8.0-1ubuntu3", "utils", "required", 620, "amd64", "utilities for finding files--find, xargs", "find xargs"),
    ("grep", "3.7-1build1", "utils", "required", 476, "amd64", "GNU grep, egrep and fgrep", "grep"),
    ("hostname", "3.23ubuntu2", "admin", "required", 64, "amd64", "utility to set/show the host name or domain name", "hostname"),
    ("libbz2-1.0", "1.0.8-5build1", "libs", "important", 100, "amd64", "high-quality block-sorting file compressor library - runtime", ""),
    ("libc6", "2.35-0ubuntu3.8", "libs", "required", 13592, "amd64", "GNU C Library: Shared libraries", ""),
    ("libncurses6", "6.3-2ubuntu0.1", "libs", "optional", 357, "amd64", "shared libraries for terminal handling", ""),
    ("libreadline8", "8.1.2-1", "libs", "important", 460, "amd64", "GNU readline and history libraries, run-time libraries", ""),
    ("libtinfo6", "6.3-2ubuntu0.1", "libs", "required", 570, "amd64", "shared low-level terminfo library for terminal handling", ""),
    ("login", "1:4.8.1-2ubuntu2.2", "admin", "required", 1188, "amd64", "system login tools", ""),
    ("ncurses-bin", "6.3-2ubuntu0.1", "utils", "required", 646, "amd64", "terminal-related programs and man pages", "clear"),
    ("passwd", "1:4.8.1-2ubuntu2.2", "admin", "required", 2492, "amd64", "change and administer password and group data", ""),
    ("python3-distutils", "3.10.8-1~22.04", "python", "optional", 516, "all", "distutils package for Python 3.x", ""),
    ("python3-pkg-resources", "59.6.0-1.2ubuntu0.22.04.1", "python", "optional", 489, "all", "Package Discovery and Resource Access using pkg_resources", ""),
    ("sed", "4.8-1ubuntu2", "utils", "required", 336, "amd64", "GNU stream editor for filtering/transforming text", "sed"),
    ("sudo", "1.9.9-1ubuntu2.4", "admin", "optional", 2504, "amd64", "Provide limited super user privileges to specific users", ""),
    ("tar", "1.34+dfsg-1ubuntu0.1.22.04.2", "utils", "required", 960, "amd64", "GNU version of the tar archiving utility", ""),
    ("util-linux", "2.37.2-4ubuntu3.4", "utils", "required", 3396, "amd64", "miscellaneous system utilities", "rev"),
    ("zlib1g", "1:1.2.11.dfsg-2ubuntu9.2", "libs", "required", 164, "amd64", "compression library - runtime", ""),
]



def _skel(name: str) -> bytes:
    return resources.files("shelldojo.filesystem").joinpath("skel", name).read_bytes()


def _shadow() -> str:
    lines = []
    for user in SHADOW_USERS:
        pw = "$6$dojoroot$5iwhPtFt43I65NfSTxxSkUnK0pA2qAPhMW0O8pbhM372T9W5RD97qaFn0WLXoZHwIQhQTaf/iml3nan.TjWVF1" \
            if user == "root" else "*"
        lines.append(f"{user}:{pw}:19800:0:99999:7:::")
    lines.append("learner:$6$dojolearn$BQFkCD3DnGjAbDgZ7E305vjWPG1ylXJ6V2KV4tHdchZvmYotvRMZeRqjCC3GJy4/Fkykr5XFNYnyvv0RxoRsX1:"
                 "19800:0:99999:7:::")
    return "\n".join(lines) + "\n"


DEVICES = ("null", "zero", "full", "random", "urandom", "tty")


def _add_devices(fake: FakeFilesystem) -> None:
    """Character devices in /dev; the VFS gives them their behaviour when opened."""
    dev = fake.resolve("/dev")
    for name in DEVICES:
        # pyfakefs keeps its own /dev/null outside the tree: add ours as an entry
        node = FakeFile(name, stat.S_IFCHR | 0o666, filesystem=fake)
        node.st_nlink = 1
        dev._entries[name] = node
        node.parent_dir = dev


def build_base_image(programs: dict[str, str] | None = None, limits: DiskLimits | None = None) -> Machine:
    """Build the image; `programs` maps command name -> directory (/usr/bin, /usr/sbin)."""
    fake = new_fake_filesystem()
    machine = Machine(fake, limits)
    os_ = machine.os
    fake.chmod("/", 0o755, force_unix_mode=True)  # pyfakefs makes its root 0777
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
    put("/etc/sudoers", SUDOERS, 0o440)
    fake.create_dir("/etc/sudoers.d")
    fake.chmod("/etc/sudoers.d", 0o750, force_unix_mode=True)
    put("/etc/sudoers.d/README", "# Files in this directory are read by sudo as part of /etc/sudoers.\n", 0o440)
    put("/etc/login.defs", LOGIN_DEFS)
    put("/etc/adduser.conf", ADDUSER_CONF)
    fake.create_dir("/etc/default")
    put("/etc/default/useradd", DEFAULT_USERADD)
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
        if name != "bash_logout":  # Ubuntu's /root holds its own .bashrc and .profile
            put(f"/root/.{name}", data, 0o644)
    os_.chown("/home/learner", 1000, 1000)
    _add_devices(fake)
    for name, directory in sorted((programs or {}).items()):
        path = f"{directory}/{name}"
        if not fake.exists(path):
            put(path, f"#!shelldojo builtin {name}\n", 0o755)
    _dpkg_database(put, programs or {})
    for entry in BASE_PACKAGES:
        fake.create_dir(f"/usr/share/doc/{entry[0]}")
    return machine


def _dpkg_database(put: Callable[..., None], programs: dict[str, str]) -> None:
    """/var/lib/dpkg/status and info/*.list for the base packages; apt's sources and locks."""
    put("/etc/apt/sources.list", SOURCES_LIST)
    for lock in ("/var/lib/dpkg/lock", "/var/lib/dpkg/lock-frontend", "/var/lib/apt/lists/lock",
                 "/var/cache/apt/archives/lock"):
        put(lock, "", 0o640)
    put("/var/lib/apt/extended_states", "")
    stanzas = []
    for name, version, section, prio, size, arch, synopsis, commands in BASE_PACKAGES:
        essential = "Essential: yes\n" if prio == "required" else ""
        stanzas.append(f"Package: {name}\n{essential}"
                       f"Status: install ok installed\nPriority: {prio}\nSection: {section}\n"
                       f"Installed-Size: {size}\nMaintainer: Ubuntu Developers "
                       f"<ubuntu-devel-discuss@lists.ubuntu.com>\nArchitecture: {arch}\n"
                       f"Version: {version}\nDescription: {synopsis}\n")
        files = [f"/usr/share/doc/{name}"]
        files += [f"{programs[c]}/{c}" for c in commands.split() if c in programs]
        listed = ["/."]
        for path in sorted(files):
            parts = path.split("/")
            for i in range(2, len(parts) + 1):
                sub = "/".join(parts[:i])
                if sub not in listed:
                    listed.append(sub)
        put(f"/var/lib/dpkg/info/{name}.list", "".join(f"{p}\n" for p in listed))
    put("/var/lib/dpkg/status", "\n".join(stanzas))


def _recipe_digest() -> str:
    """What this image is made of, read when the module loads (so a cache key always
    describes the code actually running, even if the file changes afterwards)."""
    import hashlib

    h = hashlib.sha256(resources.files("shelldojo.filesystem").joinpath("image.py").read_bytes())
    for name in ("bashrc", "profile", "bash_logout"):
        h.update(_skel(name))
    import pyfakefs

    h.update(pyfakefs.__version__.encode())  # a snapshot is a pickle of pyfakefs objects
    return h.hexdigest()


RECIPE_DIGEST = _recipe_digest()
