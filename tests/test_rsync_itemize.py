"""rsync -i/--itemize-changes, --stats and --out-format (issue 18, brief W6): rsync 3.2.7's
11-letter change summaries, its statistics block and its log format escapes, for local copies
and for copies to and from another machine (the local cases are golden: tests/golden/rsync_itemize.sh)."""
from __future__ import annotations

import re

import pytest
from shelldojo.shell.cloud import fresh_cloud
from shelldojo.shell.commands.net.rsync_log import Change, Counts, item_flags
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

from tests.hostile import run_c, run_source_in_process

T = "2020-01-02 03:04:05"
TREE = (f"cd; mkdir -p site/css; echo hi > site/index.html; echo 'b{{}}' > site/css/a.css; "
        f"touch -d '{T}' site/index.html site/css/a.css site/css site; ")


@pytest.fixture()
def cloud():  # type: ignore[no-untyped-def]
    return fresh_cloud()


def run(net, script: str, user: str = "learner") -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = BufferOutput(), BufferOutput()
    status = Session(net.main_machine, user=user, stdin=NullInput(), stdout=out, stderr=err).run_source(script)
    return status, out.getvalue().decode(), err.getvalue().decode()


def on(net, name: str, script: str) -> str:  # type: ignore[no-untyped-def]
    out, err = BufferOutput(), BufferOutput()
    Session(net.machine(name), user="root", stdin=NullInput(), stdout=out, stderr=err).run_source(script)
    return out.getvalue().decode()


def test_flags_of_each_kind_of_change() -> None:
    assert item_flags(">", "f", Change(new=True)) == ">f+++++++++"
    assert item_flags("c", "d", Change(new=True)) == "cd+++++++++"
    assert item_flags(">", "f", Change(size=True, time="t")) == ">f.st......"
    assert item_flags(".", "d", Change(time="t")) == ".d..t......"
    assert item_flags("c", "l", Change(checksum=True, time="T")) == "cLc.T......"
    assert item_flags(".", "f", Change()) == ".f         "      # -ii: nothing differs
    assert item_flags(">", "f", Change()) == ">f........."      # sent all the same (-I)
    assert item_flags(".", "f", Change(perms=True, owner=True, group=True)) == ".f...pog..."


def test_counts_line_lists_the_kinds_that_are_not_zero() -> None:
    c = Counts()
    assert c.line("Number of deleted files") == "Number of deleted files: 0\n"
    for kind in "fffdl":
        c.add(kind)
    assert c.line("Number of files") == "Number of files: 5 (reg: 3, dir: 1, link: 1)\n"


def test_push_itemizes_as_sent_and_deletions_come_back(cloud) -> None:  # type: ignore[no-untyped-def]
    status, out, err = run(cloud, TREE + "rsync -ai site/ web1:/tmp/site; rsync -ai site/ web1:/tmp/site; "
                                  f"echo more >> site/index.html; touch -d '{T}' site/index.html; rsync -ri --delete site/ web1:/tmp/site; "
                                  "ssh web1 'echo z > /tmp/site/z'; rsync -ai --delete site/ web1:/tmp/site")
    assert (status, err) == (0, "")
    assert out == ("created directory /tmp/site\ncd+++++++++ ./\n<f+++++++++ index.html\ncd+++++++++ css/\n"
                   "<f+++++++++ css/a.css\n"
                   "<f.sT...... index.html\n"
                   "*deleting   z\n.d..t...... ./\n<f..t...... index.html\n")


def test_pull_itemizes_as_received_with_recv_in_out_format(cloud) -> None:  # type: ignore[no-untyped-def]
    on(cloud, "web1", f"mkdir -p /srv/data/sub; echo 1 > /srv/data/one; echo 22 > /srv/data/sub/two; "
                      f"touch -d '{T}' /srv/data/one /srv/data/sub/two /srv/data/sub /srv/data; chmod -R a+rX /srv")
    status, out, err = run(cloud, "cd; rsync -ai web1:/srv/data/ back; rsync -a --out-format='%o %i %n %l %b' "
                                  "web1:/srv/data/ b2; echo q > back/q; rsync -ri --delete web1:/srv/data/ back")
    assert (status, err) == (0, "")
    assert out == ("created directory back\ncd+++++++++ ./\n>f+++++++++ one\ncd+++++++++ sub/\n>f+++++++++ sub/two\n"
                   "created directory b2\nrecv cd+++++++++ ./ 4096 0\nrecv >f+++++++++ one 2 45\nrecv cd+++++++++ sub/ 4096 0\n"
                   "recv >f+++++++++ sub/two 3 46\n"
                   "*deleting   q\n")


def _stats(out: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


def test_stats_bytes_agree_with_the_summary_and_a_pull_receives_the_data(cloud) -> None:  # type: ignore[no-untyped-def]
    on(cloud, "web1", "mkdir -p /srv/d; head -c 5000 /dev/zero > /srv/d/big; chmod -R a+rX /srv")
    _, push, _ = run(cloud, TREE + "rsync -a --stats site/ web1:/tmp/s")
    _, pull, _ = run(cloud, "cd; rsync -r --stats web1:/srv/d/ got")
    for out in (push, pull):
        stats = _stats(out)
        summary = re.search(r"^sent (\S+) bytes  received (\S+) bytes", out, re.MULTILINE)
        assert summary is not None
        assert (stats["Total bytes sent"], stats["Total bytes received"]) == summary.groups()
    assert _stats(pull)["Literal data"] == "5,000 bytes"
    assert int(_stats(pull)["Total bytes received"].replace(",", "")) > 5000 > \
        int(_stats(pull)["Total bytes sent"].replace(",", ""))
    assert _stats(push)["Number of created files"] == "4 (reg: 2, dir: 2)"


def test_update_skip_leaves_the_newer_file_alone() -> None:
    """-u skips a newer file outright: its time is not reset, so a later plain run sends it."""
    _, out, _ = run_source_in_process(f"echo hello > a; touch -d '{T}' a; mkdir d; echo newer > d/a; "
                                "rsync -aiu a d/; cat d/a; rsync -ai a d/; cat d/a")
    assert out == "newer\n>f..t...... a\nhello\n"


def test_symlink_times_kept_with_t() -> None:
    _, out, _ = run_source_in_process(f"ln -s a l; touch -h -d '{T}' l; rsync -a l m; stat -c %y m; rsync -ai l m; "
                                "rsync -r -l l n; rsync -rli l n")
    assert out.startswith("2020-01-02 03:04:05.000000000 +0000\n")
    assert out.count("\n") == 1


def test_list_only_shows_directories_4096() -> None:
    """`rsync DIR/` alone lists DIR and what it holds (--list-only implies --dirs)."""
    _, out, _ = run_source_in_process(f"mkdir -p s/sub/deep; touch -d '{T}' s/sub s; rsync s/")
    assert out == ("drwxr-xr-x          4,096 2020/01/02 03:04:05 .\n"
                          "drwxr-xr-x          4,096 2020/01/02 03:04:05 sub\n")


def test_hostile_out_format_stays_bounded() -> None:
    """A long format of escapes on many files: output grows linearly, no hang, no traceback."""
    got = run_c("mkdir s; for i in $(seq 300); do echo $i > s/f$i; done; "
                "rsync -r --out-format=\"$(printf '%%-99l%%n%%%%%%%.0s' $(seq 500))\" s/ d | wc -c; "
                "rsync -r --out-format='%999999999n' s/ e | wc -c; echo $?")
    got.assert_clean()
    got.assert_bounded(20, 400)
    # rsync's buffers: a field holds 4095 bytes, a line 5120 (then it exits 13)
    assert got.stdout == b"0\n1232896\n0\n"
    assert got.stderr == (b"buffer overflow expanding %l -- exiting\nrsync error: errors with program "
                          b"diagnostics (code 13) at log.c(772) [sender=3.2.7]\n")
