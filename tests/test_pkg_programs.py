"""The packaged programs: tree, cowsay, fortune, sl, jq, zip/unzip, sqlite3, figlet, pip.

Expected texts were recorded from the real tools (tree 2.x, cowsay 3.03, figlet 2.2.5,
Info-ZIP zip 3.0 / unzip 6.00, pip 22.0.2).
"""
from __future__ import annotations

import pytest
from shelldojo.filesystem import Machine, acting_as
from shelldojo.filesystem.credentials import ROOT
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run


def _machine(*packages: str) -> Machine:
    m = fresh_machine()
    if packages:
        r = run(["apt-get", "install", "-y", *packages], machine=m, user="root")
        assert r.status == 0, r.err
    return m


def _files(m: Machine, *paths: str) -> None:
    with acting_as(ROOT):
        for path in paths:
            if path.endswith("/"):
                m.vfs.makedirs(path, exist_ok=True)
            else:
                m.vfs.write_bytes(path, b"")
        for path in paths:
            m.vfs.chown(path.rstrip("/"), 1000, 1000)


# -- tree ---------------------------------------------------------------------
@pytest.fixture
def tree_machine() -> Machine:
    m = _machine()
    _files(m, "/tmp/tt/", "/tmp/tt/d1/", "/tmp/tt/d1/d2/", "/tmp/tt/.h/", "/tmp/tt/a", "/tmp/tt/d1/b",
           "/tmp/tt/d1/d2/c")
    return m


def test_tree_options(tree_machine: Machine) -> None:
    def tree(*args: str) -> str:
        return run(["tree", *args], machine=tree_machine, cwd="/tmp/tt").out

    assert tree("-a") == (".\n├── .h\n├── a\n└── d1\n    ├── b\n    └── d2\n        └── c\n\n"
                          "4 directories, 3 files\n")
    assert tree("-d") == ".\n└── d1\n    └── d2\n\n3 directories\n"
    assert tree("-L", "1") == ".\n├── a\n└── d1\n\n2 directories, 1 file\n"
    assert tree("-f") == (".\n├── ./a\n└── ./d1\n    ├── ./d1/b\n    └── ./d1/d2\n        └── ./d1/d2/c\n\n"
                          "3 directories, 3 files\n")


def test_tree_errors(tree_machine: Machine) -> None:
    r = run(["tree", "nosuch"], machine=tree_machine, cwd="/tmp/tt")
    assert (r.status, r.out) == (2, "nosuch  [error opening dir]\n\n0 directories, 0 files\n")
    r = run(["tree", "-L", "0"], machine=tree_machine)
    assert (r.status, r.err) == (2, "tree: Invalid level, must be greater than 0.\n")


# -- cowsay, fortune, sl --------------------------------------------------------
COW = ("        \\   ^__^\n         \\  (oo)\\_______\n            (__)\\       )\\/\\\n"
       "                ||----w |\n                ||     ||\n")


def test_cowsay_wraps_at_40_columns() -> None:
    text = "The quick brown fox jumps over the lazy dog and keeps running far away into the distance"
    r = run(["cowsay", text], machine=_machine("cowsay"))  # the cows are files of the package
    assert r.out == (" _________________________________________\n"
                     "/ The quick brown fox jumps over the lazy \\\n"
                     "| dog and keeps running far away into the |\n"
                     "\\ distance                                /\n"
                     " -----------------------------------------\n" + COW)


def test_cowthink_and_faces() -> None:
    m = _machine("cowsay")
    r = run(["cowthink", "hi"], machine=m)
    assert r.out.startswith(" ____\n( hi )\n ----\n        o   ^__^\n         o  (oo)")
    r = run(["cowsay", "-e", "XY", "-T", "U", "hello"], machine=m)
    assert "(XY)" in r.out and "             U ||----w |\n" in r.out
    r = run(["cowsay"], stdin=b"from stdin\n", machine=m)
    assert r.out.startswith(" ____________\n< from stdin >\n")


def test_fortune_and_sl() -> None:
    m = _machine("fortune-mod")
    r = run(["fortune"], machine=m)
    assert r.status == 0 and r.out.strip()
    r = run(["fortune"])          # fortunes-min not installed: no cookies
    assert (r.status, r.out) == (1, "No fortunes found\n")
    r = run(["sl"])               # no terminal: nothing to draw, returns at once
    assert (r.status, r.out, r.err) == (0, "", "")


# -- jq -------------------------------------------------------------------------
def test_jq_filters_and_files() -> None:
    m = _machine()
    with acting_as(ROOT):
        m.vfs.write_bytes("/tmp/d.json", b'{"name":"dojo","tags":["a","b"],"n":{"x":1}}')
    assert run(["jq", ".name", "/tmp/d.json"], machine=m).out == '"dojo"\n'
    assert run(["jq", "-r", ".tags[]", "/tmp/d.json"], machine=m).out == "a\nb\n"
    assert run(["jq", "keys", "/tmp/d.json"], machine=m).out == '[\n  "n",\n  "name",\n  "tags"\n]\n'
    assert run(["jq", "-c", ".n", "/tmp/d.json"], machine=m).out == '{"x":1}\n'
    assert run(["jq", ".tags | length", "/tmp/d.json"], machine=m).out == "2\n"
    r = run(["jq", ".", "/tmp/nosuch.json"], machine=m)
    assert (r.status, r.err) == (2, "jq: error: Could not open file /tmp/nosuch.json: No such file or directory\n")
    r = run(["jq", ".["], stdin=b"{}")
    assert r.status == 3 and r.err.endswith("jq: 1 compile error\n")


# -- zip / unzip ------------------------------------------------------------------
def test_zip_unzip_round_trip() -> None:
    m = _machine()
    with acting_as(ROOT):
        m.vfs.makedirs("/tmp/z/d1/d2")
        m.vfs.write_bytes("/tmp/z/a", b"alpha\n")
        m.vfs.write_bytes("/tmp/z/d1/b", b"beta\n")
        for p in ("/tmp/z", "/tmp/z/d1", "/tmp/z/d1/d2", "/tmp/z/a", "/tmp/z/d1/b"):
            m.vfs.chown(p, 1000, 1000)
    r = run(["zip", "-r", "a.zip", "a", "d1"], machine=m, cwd="/tmp/z")
    assert (r.status, r.out) == (0, ("  adding: a (stored 0%)\n  adding: d1/ (stored 0%)\n"
                                    "  adding: d1/b (stored 0%)\n  adding: d1/d2/ (stored 0%)\n"))
    r = run(["unzip", "-l", "a.zip"], machine=m, cwd="/tmp/z")
    assert r.out.startswith("Archive:  a.zip\n  Length      Date    Time    Name\n")
    assert r.out.endswith("---------                     -------\n       11                     4 files\n")
    r = run(["unzip", "a.zip", "-d", "out"], machine=m, cwd="/tmp/z")
    assert r.status == 0 and " extracting: out/d1/b" in r.out and "   creating: out/d1/d2/\n" in r.out
    with acting_as(ROOT):
        assert m.vfs.read_bytes("/tmp/z/out/d1/b") == b"beta\n"


def test_zip_unzip_errors() -> None:
    r = run(["zip", "b.zip", "nosuch"], cwd="/tmp")
    assert (r.status, r.err) == (12, "\tzip warning: name not matched: nosuch\n\nzip error: Nothing to do! (b.zip)\n")
    r = run(["unzip", "nosuch.zip"], cwd="/tmp")
    assert (r.status, r.err) == (9, "unzip:  cannot find or open nosuch.zip, nosuch.zip.zip or nosuch.zip.ZIP.\n")
    r = run(["unzip", "nosuch"], cwd="/tmp")
    assert (r.status, r.err) == (9, "unzip:  cannot find or open nosuch, nosuch.zip or nosuch.ZIP.\n")


# -- sqlite3 ----------------------------------------------------------------------
def test_sqlite3_persists_across_invocations() -> None:
    m = _machine()
    r = run(["sqlite3", "t.db", "create table t(x int, y text); insert into t values(1,'a'),(2,'b');"], machine=m)
    assert (r.status, r.out, r.err) == (0, "", "")
    r = run(["sqlite3", "t.db", "select * from t;", ".tables", ".schema"], machine=m)
    assert r.out == "1|a\n2|b\nt\nCREATE TABLE t(x int, y text);\n"
    with acting_as(ROOT):
        assert m.vfs.read_bytes("/home/learner/t.db").startswith(b"SQLite format 3\x00")
    r = run(["sqlite3", "t.db", "select * from nope"], machine=m)
    assert r.status == 1 and "no such table: nope" in r.err


# -- figlet -----------------------------------------------------------------------
HELLO = (" _   _      _ _       \n| | | | ___| | | ___  \n| |_| |/ _ \\ | |/ _ \\ \n"
         "|  _  |  __/ | | (_) |\n|_| |_|\\___|_|_|\\___/ \n                      \n")
HI = " _   _ _ \n| | | (_)\n| |_| | |\n|  _  | |\n|_| |_|_|\n         \n"
USAGE = ("Usage: figlet [ -cklnoprstvxDELNRSWX ] [ -d fontdirectory ]\n"
         "              [ -f fontfile ] [ -m smushmode ] [ -w outputwidth ]\n"
         "              [ -C controlfile ] [ -I infocode ] [ message ]\n")


@pytest.fixture(scope="module")
def fig() -> Machine:
    return _machine("figlet")


def test_figlet_smushing_and_justification(fig: Machine) -> None:
    assert run(["figlet", "Hello"], machine=fig).out == HELLO
    assert run(["figlet", "-f", "standard", "Hello"], machine=fig).out == HELLO
    assert run(["figlet", "-c", "Hi"], machine=fig).out == "".join(" " * 35 + x + "\n" for x in HI.splitlines())
    assert run(["figlet", "-r", "Hi"], machine=fig).out == "".join(" " * 70 + x + "\n" for x in HI.splitlines())
    assert run(["figlet", "-l", "Hi"], machine=fig).out == HI
    assert run(["figlet", "-k", "A/"], machine=fig).out.splitlines()[1] == "   / \\      / /"


def test_figlet_width_and_stdin(fig: Machine) -> None:
    r = run(["figlet", "-w", "30", "Hello", "world"], machine=fig)
    assert r.out.startswith(HELLO) and r.out.count("\n") == 12
    r = run(["figlet"], machine=fig, stdin=b"ab\n\ncd")
    lines = r.out.split("\n")
    assert lines[0] == "       _     " and lines[6:12] == [""] * 6 and len(lines) == 19


def test_figlet_errors(fig: Machine) -> None:
    r = run(["figlet", "-f", "nosuch", "x"], machine=fig)
    assert (r.status, r.err) == (1, "figlet: nosuch: Unable to open font file\n")
    r = run(["figlet", "-h"], machine=fig)
    assert (r.status, r.err) == (1, "figlet: invalid option -- 'h'\n" + USAGE)
    r = run(["figlet", "--help"], machine=fig)
    assert (r.status, r.err) == (1, "figlet: invalid option -- '-'\n" + USAGE)
    r = run(["figlet", "-w"], machine=fig)
    assert (r.status, r.err) == (1, "figlet: option requires an argument -- 'w'\n" + USAGE)
    assert run(["figlet", "-I3"], machine=fig).out == "standard\n"
    with acting_as(ROOT):
        fig.vfs.write_bytes("/tmp/bad.flf", b"hi\n")
    r = run(["figlet", "-f", "/tmp/bad.flf", "x"], machine=fig)
    assert (r.status, r.err) == (1, "figlet: /tmp/bad: Not a FIGlet 2 font file\n")
    r = run(["figlet", "x"])      # package not installed: the font is missing
    assert (r.status, r.err) == (1, "figlet: standard: Unable to open font file\n")


# -- pip ----------------------------------------------------------------------------
SITE = "/home/learner/.local/lib/python3.10/site-packages"
DEFAULTING = "Defaulting to user installation because normal site-packages is not writeable\n"


def test_pip_install_list_show_uninstall() -> None:
    m = _machine("python3-pip")
    r = run(["pip", "install", "requests"], machine=m)
    assert r.status == 0, r.err
    assert r.out.startswith(DEFAULTING + "Collecting requests\n"
                            "  Downloading requests-2.31.0-py3-none-any.whl (62 kB)\n")
    assert "Collecting idna<4,>=2.5\n" in r.out
    assert r.out.endswith("Installing collected packages: urllib3, idna, charset-normalizer, certifi, requests\n"
                          "Successfully installed certifi-2023.11.17 charset-normalizer-3.3.2 idna-3.6 "
                          "requests-2.31.0 urllib3-2.1.0\n")
    with acting_as(ROOT):
        assert m.vfs.read_bytes(f"{SITE}/requests-2.31.0.dist-info/INSTALLER") == b"pip\n"
        assert m.vfs.stat(f"{SITE}/requests-2.31.0.dist-info").st_uid == 1000
    r = run(["pip3", "install", "--user", "requests"], machine=m)
    assert r.out.startswith("Requirement already satisfied: requests in ./.local/lib/python3.10/site-packages "
                            "(2.31.0)\nRequirement already satisfied: charset-normalizer<4,>=2 in "
                            "./.local/lib/python3.10/site-packages (from requests) (3.3.2)\n")
    r = run(["pip", "list"], machine=m)
    assert r.out.startswith("Package            Version\n------------------ ----------\ncertifi            2023.11.17\n")
    assert "pip                22.0.2\n" in r.out
    r = run(["pip", "freeze"], machine=m)
    assert r.out.splitlines()[0] == "certifi==2023.11.17" and "pip==" not in r.out
    r = run(["pip", "show", "idna"], machine=m)
    assert f"Location: {SITE}\nRequires: \nRequired-by: requests\n" in r.out
    r = run(["pip", "uninstall", "requests"], machine=m, stdin=b"n\n")
    assert r.out.endswith(f"  Would remove:\n    {SITE}/requests-2.31.0.dist-info/*\n    {SITE}/requests/*\n"
                          "Proceed (Y/n)? ")
    r = run(["pip", "uninstall", "-y", "requests"], machine=m)
    assert r.out == ("Found existing installation: requests 2.31.0\nUninstalling requests-2.31.0:\n"
                     "  Successfully uninstalled requests-2.31.0\n")
    with acting_as(ROOT):
        assert not m.vfs.exists(f"{SITE}/requests")


def test_pip_errors() -> None:
    m = _machine("python3-pip")
    r = run(["pip", "install", "nosuch"], machine=m)
    assert (r.status, r.out) == (1, DEFAULTING)
    assert r.err == ("ERROR: Could not find a version that satisfies the requirement nosuch (from versions: none)\n"
                     "ERROR: No matching distribution found for nosuch\n")
    r = run(["pip", "uninstall", "nosuch"], machine=m)
    assert (r.status, r.err) == (0, "WARNING: Skipping nosuch as it is not installed.\n")
    r = run(["pip", "show", "nosuch"], machine=m)
    assert (r.status, r.err) == (1, "WARNING: Package(s) not found: nosuch\n")
    r = run(["pip", "install"], machine=m)
    assert (r.status, r.err) == (1, ('ERROR: You must give at least one requirement to install '
                                    '(see "pip help install")\n'))
    r = run(["pip", "instal", "x"], machine=m)
    assert (r.status, r.err) == (1, 'ERROR: unknown command "instal" - maybe you meant "install"\n')
    r = run(["pip", "list", "--bogus"], machine=m)
    assert (r.status, r.err) == (2, "\nUsage:   \n  pip list [options]\n\nno such option: --bogus\n")


def test_pip_as_root_installs_system_wide() -> None:
    m = _machine("python3-pip")
    r = run(["pip", "install", "six"], machine=m, user="root")
    assert r.out == ("Collecting six\n  Downloading six-1.16.0-py2.py3-none-any.whl (11 kB)\n"
                     "Installing collected packages: six\nSuccessfully installed six-1.16.0\n")
    assert r.err.startswith("WARNING: Running pip as the 'root' user")
    with acting_as(ROOT):
        assert m.vfs.isdir("/usr/local/lib/python3.10/dist-packages/six-1.16.0.dist-info")
