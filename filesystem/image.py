"""The Ubuntu-like base image, built once per process and cloned for each machine."""
from __future__ import annotations

import stat
from collections.abc import Callable
from importlib import resources

from pyfakefs.fake_file import FakeFile
from pyfakefs.fake_filesystem import FakeFilesystem
from shelldojo.filesystem.machine import DiskLimits, Machine, new_fake_filesystem

# Files of /etc written from filesystem/etc/ in this order; mode, uid, gid where not 0644 root.
# shadow holds real SHA-512 crypt hashes (filesystem/passwords.py) of "root" and "learner".
ETC_FILES = ("passwd", "group", "shadow", "gshadow", "sudoers", "sudoers.d/README", "login.defs",
             "adduser.conf", "default/useradd", "hostname", "hosts", "lsb-release", "os-release", "shells", "issue", "timezone",
             "ssh/ssh_config", "resolv.conf",
             "update-motd.d/00-header", "update-motd.d/10-help-text")   # base-files': what sshd's PAM shows at login   # openssh-client's (a base package): includes ssh_config.d/*.conf
ETC_OTHER = ("apt/sources.list",)   # written with apt's state in _dpkg_database
ETC_MODES = {"shadow": (0o640, 0, 42), "gshadow": (0o640, 0, 42), "sudoers": (0o440,),
             "update-motd.d/00-header": (0o755,), "update-motd.d/10-help-text": (0o755,),
             "sudoers.d/README": (0o440,)}

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

# The dpkg database of the base image (Ubuntu 22.04 versions): name, version, section,
# priority, Installed-Size (KiB), architecture, synopsis, commands of the image it owns.
BASE_PACKAGES: list[tuple[str, str, str, str, int, str, str, str]] = [
    ("adduser", "3.118ubuntu5", "admin", "important", 608, "all", "add and remove users and groups", ""),
    ("apt", "2.4.12", "admin", "important", 4156, "amd64", "commandline package manager", "apt apt-cache apt-get"),
    ("base-files", "12ubuntu4.6", "admin", "required", 394, "amd64", "Debian base system miscellaneous files", ""),
    ("bash", "5.1-6ubuntu1.1", "shells", "required", 1864, "amd64", "GNU Bourne Again SHell", "bash rbash"),
    ("bind9-dnsutils", "1:9.18.28-0ubuntu0.22.04.1", "net", "standard", 776, "amd64", "Clients provided with BIND 9", "dig nslookup"),
    ("bind9-host", "1:9.18.28-0ubuntu0.22.04.1", "net", "standard", 164, "amd64", "DNS Lookup Utility", "host"),
    ("ca-certificates", "20230311ubuntu0.22.04.1", "misc", "important", 374, "all",
     "Common CA certificates", ""),
    ("coreutils", "8.32-4.1ubuntu1.2", "utils", "required", 7112, "amd64", "GNU core utilities",
     ("[ basename cat chgrp chmod chown comm cp cut date df dirname du echo env expr false groups head "
     "id install ln ls mkdir mv nl nproc paste printenv printf pwd readlink realpath rm rmdir seq sleep "
     "sort stat tail tee test touch tr true tty uname uniq wc whoami yes")),
    ("diffutils", "1:3.8-0ubuntu2", "utils", "required", 424, "amd64", "File comparison utilities", "diff"),
    ("curl", "7.81.0-1ubuntu1.18", "web", "optional", 455, "amd64", "command line tool for transferring data with URL syntax", "curl"),
    ("dpkg", "1.21.1ubuntu2.3", "admin", "required", 6732, "amd64", "Debian package management system", "dpkg dpkg-query"),
    ("file", "1:5.41-3ubuntu0.1", "utils", "standard", 83, "amd64", "Recognize the type of data in a file using \"magic\" numbers", "file"),
    ("findutils", "4.8.0-1ubuntu3", "utils", "required", 620, "amd64", "utilities for finding files--find, xargs", "find xargs"),
    ("grep", "3.7-1build1", "utils", "required", 476, "amd64", "GNU grep, egrep and fgrep", "grep"),
    ("hostname", "3.23ubuntu2", "admin", "required", 64, "amd64", "utility to set/show the host name or domain name", "hostname"),
    ("iproute2", "5.15.0-1ubuntu2", "net", "important", 3136, "amd64", "networking and traffic control tools", "ip ss"),
    ("iputils-ping", "3:20211215-1", "net", "important", 116, "amd64", "Tools to test the reachability of network hosts", "ping ping4 ping6"),
    ("libbz2-1.0", "1.0.8-5build1", "libs", "important", 100, "amd64", "high-quality block-sorting file compressor library - runtime", ""),
    ("libc6", "2.35-0ubuntu3.8", "libs", "required", 13592, "amd64", "GNU C Library: Shared libraries", ""),
    ("libncurses6", "6.3-2ubuntu0.1", "libs", "optional", 357, "amd64", "shared libraries for terminal handling", ""),
    ("libreadline8", "8.1.2-1", "libs", "important", 460, "amd64", "GNU readline and history libraries, run-time libraries", ""),
    ("libtinfo6", "6.3-2ubuntu0.1", "libs", "required", 570, "amd64", "shared low-level terminfo library for terminal handling", ""),
    ("login", "1:4.8.1-2ubuntu2.2", "admin", "required", 1188, "amd64", "system login tools", ""),
    ("ncurses-bin", "6.3-2ubuntu0.1", "utils", "required", 646, "amd64", "terminal-related programs and man pages", "clear"),
    ("netcat-openbsd", "1.218-4ubuntu1", "net", "important", 109, "amd64", "TCP/IP swiss army knife", "nc nc.openbsd netcat"),
    ("openssh-client", "1:8.9p1-3ubuntu0.10", "net", "standard", 5290, "amd64", "secure shell (SSH) client, for secure access to remote machines", "scp sftp ssh ssh-add ssh-agent ssh-copy-id ssh-keygen ssh-keyscan"),
    ("passwd", "1:4.8.1-2ubuntu2.2", "admin", "required", 2492, "amd64", "change and administer password and group data", ""),
    ("python3-distutils", "3.10.8-1~22.04", "python", "optional", 516, "all", "distutils package for Python 3.x", ""),
    ("python3-pkg-resources", "59.6.0-1.2ubuntu0.22.04.1", "python", "optional", 489, "all", "Package Discovery and Resource Access using pkg_resources", ""),
    ("rsync", "3.2.7-0ubuntu0.22.04.2", "net", "optional", 728, "amd64", "fast, versatile, remote (and local) file-copying tool", "rsync"),
    ("sed", "4.8-1ubuntu2", "utils", "required", 336, "amd64", "GNU stream editor for filtering/transforming text", "sed"),
    ("sudo", "1.9.9-1ubuntu2.4", "admin", "optional", 2504, "amd64", "Provide limited super user privileges to specific users", ""),
    ("tar", "1.34+dfsg-1ubuntu0.1.22.04.2", "utils", "required", 960, "amd64", "GNU version of the tar archiving utility", ""),
    ("util-linux", "2.37.2-4ubuntu3.4", "utils", "required", 3396, "amd64", "miscellaneous system utilities", "rev"),
    ("wget", "1.21.2-2ubuntu1", "web", "standard", 1000, "amd64", "retrieves files from the web", "wget"),
    ("zlib1g", "1:1.2.11.dfsg-2ubuntu9.2", "libs", "required", 164, "amd64", "compression library - runtime", ""),
]



def _skel(name: str) -> bytes:
    return resources.files("shelldojo.filesystem").joinpath("skel", name).read_bytes()


def _etc(name: str) -> bytes:
    """/etc/NAME as Ubuntu ships it, from the etc/ data folder (NAME may hold one "/")."""
    return resources.files("shelldojo.filesystem").joinpath("etc", *name.split("/")).read_bytes()


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
    # Linux's links to the running process's own descriptors (procfs opens them: selffd.py)
    fake.create_symlink("/dev/fd", "/proc/self/fd")
    for n, name in enumerate(("stdin", "stdout", "stderr")):
        fake.create_symlink(f"/dev/{name}", f"/proc/self/fd/{n}")


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

    # /etc from the data folder, in this order (inode numbers and directory order follow it)
    for name in ETC_FILES:
        put(f"/etc/{name}", _etc(name), *ETC_MODES.get(name, (0o644,)))
    fake.chmod("/etc/sudoers.d", 0o750, force_unix_mode=True)  # made 0755 by create_file on the way
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
    put("/etc/apt/sources.list", _etc("apt/sources.list"))
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

    here = resources.files("shelldojo.filesystem")
    h = hashlib.sha256(here.joinpath("image.py").read_bytes())
    for name in ("bashrc", "profile", "bash_logout"):
        h.update(_skel(name))
    etc = here.joinpath("etc")
    for name in (*ETC_FILES, *ETC_OTHER):   # a listed name, not a folder walk: this runs at every start
        h.update(etc.joinpath(*name.split("/")).read_bytes())
    import pyfakefs

    h.update(pyfakefs.__version__.encode())  # a snapshot is a pickle of pyfakefs objects
    return h.hexdigest()


RECIPE_DIGEST = _recipe_digest()
