"""Verbatim texts are data files: --help/--version/usage screens in shell/texts/<family>/, the
image's /etc files in filesystem/etc/; both loaded through importlib.resources and shipped in
the wheel.  The pinned digests are of the bytes the Python modules held before the move, so a
changed byte (a lost trailing space or newline) fails here.
"""
from __future__ import annotations

import fnmatch
import hashlib
import re
import tomllib
from pathlib import Path

import pytest

from tests.hostile import run_source_in_process

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "shell" / "texts"
ETC = ROOT / "filesystem" / "etc"

# sha256 over (relative path, bytes) of every data file, recorded from the former
# shell/commands/*/*_help.py constants and filesystem/image.py strings, and since then the help
# texts of procps, psmisc, coreutils and util-linux tools recorded from the real ones (ps, top, cmp...).
TEXTS_DIGEST = "9c3b45d7ed2296c83d29bea0a89d9aa74281a855966fe42923e8dbb24bf679e9"
ETC_DIGEST = "b0dd7ee609fdd7d6f00153977109e356e6bebb660da1b1b55f4cd95efddf19fc"

# Texts not printed by `CMD --help` / `CMD --version`: the script that prints them, on which stream.
SPECIAL = {
    "awk/awk_usage": ("awk", "err"),
    "awk/awk_version": ("awk -W version", "out"),
    "awk/awk_version_limits": ("awk -W version", "err"),
    "ls/dircolors_database": ("dircolors -p", "out"),
    "packages/pip_help": ("sudo apt-get install -y python3-pip >/dev/null 2>&1; pip --help", "out"),
    "sed/sed_usage": ("sed", "err"),
    "users/sudo_usage": ("sudo", "err"),
    "extras/figlet_banner": ("{figlet}figlet -v | head -n 12", "out"),
    "extras/figlet_usage": ("{figlet}figlet -Z 2>&1 | tail -n +2", "out"),
    "sqlite/sqlite3_help": ("{sqlite3}sqlite3 -help", "err"),
    "sqlite/dot_help": ("{sqlite3}printf '.help\\n' | sqlite3", "out"),
    "sqlite/dot-import_help": ("{sqlite3}printf '.import\\n' | sqlite3 | tail -n +2", "out"),
    "system/which_usage": ("which -Z", "out"),
    "system/clear_usage": ("clear a", "err"),
    "users/getent_usage": ("getent --usage", "out"),
    "files/file_usage": ("file", "err"),
    "procs/kill_procps_usage": ("/usr/bin/kill", "err"),
    "procs/killall_help": ("killall --help", "err"),
    "procs/ps_usage": ("ps -Z 2>&1 | tail -n +2", "out"),            # after `error: ...`
    "procs/pstree_help": ("pstree --help 2>&1 | tail -n +2", "out"),  # after `unrecognized option`
    "procs/top_fields": ("top -O", "out"),                          # the fields -o accepts
    "archives/bzip2_help": ("bzip2 --help", "err"),
    "services/crontab_template": ("{cron}EDITOR=cat crontab -e 2>/dev/null", "out"),  # a new crontab's text
    "services/crontab_usage": ("{cron}crontab -Z 2>&1 | tail -n +3", "out"),  # after its two error lines
    "services/run-parts_help": ("run-parts --help", "err"),
    "text/sdiff_commands": ("printf 'a\\n' > a; printf 'b\\n' > b; echo z | sdiff -o m a b 2>&1 >/dev/null | sed '1s/^%//'", "out"),  # after the prompt and a bad answer
    "archives/bzip2_version": ("bzip2 --version", "err"),
    # the network tools (issue 16)
    "net/dns_dig_usage": ("dig -Z 2>&1 | tail -n +2", "out"),   # after its "Invalid option" line
    "net/dns_host_usage": ("host", "err"),
    "net/ip_address_help": ("ip address help", "err"),
    "net/ip_help": ("ip --help", "err"),
    "net/ip_route_help": ("ip route help", "err"),
    "net/ip_version": ("ip -V", "out"),
    "net/nc_help": ("nc -h", "err"),
    "net/nc_usage": ("nc", "err"),
    "net/netstat_help": ("{net-tools}netstat -h", "out"),
    "net/netstat_help_families": ("{net-tools}netstat -h", "err"),
    "net/netstat_version": ("{net-tools}netstat -V", "out"),
    "net/ping_help": ("ping -h", "err"),
    "net/ping_version": ("ping -V", "out"),
    "net/scp_usage": ("scp", "err"),
    "net/ssh_copy_id_usage": ("ssh-copy-id -h", "err"),
    "net/ssh_keygen_usage": ("ssh-keygen -x 2>&1 | tail -n +2", "out"),   # after "unknown option"
    "net/ssh_usage": ("ssh", "err"),
    **{f"packages/pip-{sub}_usage": (f"{{python3-pip}}pip {sub} --help | tail -n +3", "out")
       for sub in ("install", "uninstall", "list", "show", "freeze")},
}
# Texts of commands from a package that is not installed on a fresh machine: the package.
PACKAGES = {"extras/jq": "jq", "extras/tree": "tree", "extras/zip": "zip", "extras/unzip": "unzip",
            "extras/cowsay": "cowsay", "sqlite/sqlite3": "sqlite3", "packages/pip": "python3-pip"}
# Templates: formatted with these fields at the call site (the script prints the result).
TEMPLATES = {"extras/cowsay_help": ("/usr/games/cowsay --help", {}),
             "common/coreutils_version": ("mkdir --version", {"name": "mkdir"}),
             "archives/bzip2_help": ("bzip2 --help", {"name": "bzip2"}),
             "archives/xz_help": ("xz --help", {"name": "xz"}),
             # the coreutils twins of bash's builtins, run by path (shell/interp/program_fronts.py)
             **{f"programs/{c}_help": (f"/usr/bin/{c} --help", {"name": f"/usr/bin/{c}"})
                for c in ("echo", "printf", "true", "false", "pwd")},
             "programs/bracket_help": ("/usr/bin/[ --help", {}),
             "archives/bzdiff_usage": ("bzdiff", {"name": "bzdiff", "tool": "diff"}),
             "archives/bzgrep_usage": ("bzgrep", {"name": "bzgrep"})}
# Texts no command line prints: each is checked by its own test (tests/test_one_helper_per_idea.py).
NOT_PRINTED = {"editors/nano_screen"}


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py")


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in _data_files(folder):
        h.update(p.relative_to(folder).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _keys() -> list[str]:
    return [p.relative_to(TEXTS).as_posix()[:-4] for p in _data_files(TEXTS)]


def _sources() -> list[Path]:
    return [p for d in ("shell", "filesystem", "challenges") for p in (ROOT / d).rglob("*.py")]


def test_no_help_modules_remain() -> None:
    assert not sorted(ROOT.glob("shell/commands/*/*_help.py"))
    importing = re.compile(r"commands\.\w+(\.\w+_help\b| import \w+_help\b)")
    users = [p for p in _sources() if importing.search(p.read_text())]
    assert not users


def test_every_text_used_exists_and_every_text_is_used() -> None:
    names = {m for p in _sources() for m in re.findall(r"""verbatim\(f?["']([^"']+)["']\)""", p.read_text())}
    used = {n for n in names if "{" not in n}
    # an f-string key (verbatim(f"packages/pip-{sub}_usage")) stands for the files it matches
    patterns = [re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(n)) + r"\Z") for n in names - used]
    keys = set(_keys())
    assert all(any(p.match(k) for k in keys) for p in patterns)
    assert used | {k for k in keys for p in patterns if p.match(k)} == keys


def test_texts_are_the_recorded_bytes() -> None:
    assert len(_keys()) == 362
    assert _digest(TEXTS) == TEXTS_DIGEST


@pytest.mark.parametrize("key", _keys())
def test_the_command_prints_its_text(key: str) -> None:
    from shelldojo.shell.texts import verbatim

    if key in NOT_PRINTED:
        return
    cmd, _, kind = key.split("/")[1].rpartition("_")
    script, stream = SPECIAL.get(key) or (f"{cmd} --{kind}", "out")
    fields: dict[str, str] = {}
    if key in TEMPLATES:
        script, fields = TEMPLATES[key]
    package = PACKAGES.get(key.rpartition("_")[0])
    install = "sudo apt-get install -y {} >/dev/null 2>&1; "
    script = re.sub(r"^\{([\w.-]+)\}", lambda m: install.format(m[1]), script)
    if package and not script.startswith("sudo"):
        script = install.format(package) + script
    _status, out, err = run_source_in_process(script)
    want = verbatim(key).format(**fields) if key in TEMPLATES else verbatim(key)
    assert (out if stream == "out" else err) == want


def test_verbatim_is_loaded_once() -> None:
    from shelldojo.shell.texts import verbatim

    assert verbatim("grep/grep_help") is verbatim("grep/grep_help")
    assert verbatim("grep/grep_help").startswith("Usage: grep [OPTION]... PATTERNS [FILE]...\n")
    assert verbatim("grep/grep_help").endswith("<https://www.gnu.org/gethelp/>\n")


def test_etc_data_is_the_recorded_bytes_and_all_written() -> None:
    from shelldojo.filesystem import image

    assert _digest(ETC) == ETC_DIGEST
    names = {p.relative_to(ETC).as_posix() for p in _data_files(ETC)}
    assert names == {*image.ETC_FILES, *image.ETC_OTHER}  # so each is in the image and in its digest


def test_machine_etc_files_are_the_data_files() -> None:
    from shelldojo.filesystem import image

    names = (*image.ETC_FILES, *image.ETC_OTHER)
    script = "; ".join(f"stat -c '%a %U %G' /etc/{n}; md5sum < /etc/{n}" for n in names)
    status, out, err = run_source_in_process(script, user="root")
    assert (status, err) == (0, "")
    want = []
    for name in names:
        mode, uid, gid = (*image.ETC_MODES.get(name, (0o644,)), 0, 0)[:3]
        owner = {0: "root", 42: "shadow"}
        want.append(f"{mode:o} {owner[uid]} {owner[gid]}")
        want.append(f"{hashlib.md5((ETC / name).read_bytes()).hexdigest()}  -")
    assert out.splitlines() == want


def test_recipe_digest_covers_etc_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from shelldojo.filesystem import image

    before = image._recipe_digest()
    assert before == image.RECIPE_DIGEST
    monkeypatch.setattr(image, "ETC_OTHER", ())  # one file less in the recipe
    assert image._recipe_digest() != before


def _globs_match(rel: str, globs: list[str]) -> bool:
    parts = rel.split("/")
    return any(len(g.split("/")) == len(parts) and all(map(fnmatch.fnmatchcase, parts, g.split("/")))
               for g in globs)


@pytest.mark.parametrize(("package", "folder"),
                         [("shelldojo.shell.texts", TEXTS), ("shelldojo.filesystem", ETC)])
def test_package_data_ships_every_data_file(package: str, folder: Path) -> None:
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert package in tool["packages"]
    globs = tool["package-data"].get("*", []) + tool["package-data"].get(package, [])
    base = TEXTS if folder == TEXTS else folder.parent
    missing = [p.relative_to(base).as_posix() for p in _data_files(folder)
               if not _globs_match(p.relative_to(base).as_posix(), globs)]
    assert not missing
