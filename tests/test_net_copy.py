"""scp and rsync (issue 16): local and remote copies over the simulated cloud, their messages
and statuses as OpenSSH 8.9's legacy scp and rsync 3.2.7 print them."""
from __future__ import annotations

import pytest
from shelldojo.shell.cloud import fresh_cloud
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput


class Run:
    def __init__(self, status: int, out: str, err: str) -> None:
        self.status, self.out, self.err = status, out, err


@pytest.fixture()
def cloud():  # type: ignore[no-untyped-def]
    return fresh_cloud()


def run(net, script: str, user: str = "learner") -> Run:  # type: ignore[no-untyped-def]
    out, err = BufferOutput(), BufferOutput()
    status = Session(net.main_machine, user=user, stdin=NullInput(), stdout=out, stderr=err).run_source(script)
    return Run(status, out.getvalue().decode(), err.getvalue().decode())


def on(net, name: str, script: str, user: str = "root") -> Run:  # type: ignore[no-untyped-def]
    out, err = BufferOutput(), BufferOutput()
    status = Session(net.machine(name), user=user, stdin=NullInput(), stdout=out,
                     stderr=err).run_source(script)
    return Run(status, out.getvalue().decode(), err.getvalue().decode())


# ------------------------------------------------------------------------------------------ scp
def test_scp_upload_lands_owned_by_the_remote_user(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; echo hi > f; chmod 640 f; scp f web1:/tmp/; echo $?")
    assert (r.out, r.err) == ("0\n", "")
    got = on(cloud, "web1", "cat /tmp/f; stat -c '%U:%G %a' /tmp/f")
    assert got.out == "hi\nlearner:learner 640\n"


def test_scp_download_of_a_binary_file(cloud) -> None:  # type: ignore[no-untyped-def]
    on(cloud, "db1", "mkdir -p /var/backups; printf 'SQLite\\0\\1\\2\\377' > /var/backups/orders.db; "
                     "chmod 644 /var/backups/orders.db")
    r = run(cloud, "cd; mkdir backups; scp db1:/var/backups/orders.db ~/backups/; echo $?; od -An -c backups/orders.db")
    assert r.err == ""
    assert r.out.startswith("0\n")
    assert "S   Q   L   i   t   e  \\0 001 002 377" in r.out


def test_scp_relative_remote_paths_start_at_the_remote_home(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; echo a > a; scp a web1: && scp a web1:b && scp web1:b c && cat c")
    assert (r.status, r.out, r.err) == (0, "a\n", "")
    assert on(cloud, "web1", "ls /home/learner").out == "a\nb\n"


def test_scp_recursive_both_ways_keeps_the_tree(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; mkdir -p d/e; echo 1 > d/x; echo 2 > d/e/y; chmod 700 d/e; scp -r d web1:/tmp/ "
                   "&& scp -r web1:/tmp/d back && find back | sort && stat -c %a back/e")
    assert r.err == ""
    assert r.out == "back\nback/e\nback/e/y\nback/x\n700\n"
    assert on(cloud, "web1", "cat /tmp/d/e/y; stat -c '%U %a' /tmp/d/e").out == "2\nlearner 700\n"


def test_scp_errors_of_each_side(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; scp web1:/tmp/nope .; echo $?; scp nope web1:/tmp/; echo $?; mkdir d; "
                   "scp d web1:/tmp/; echo $?; echo x > f; scp f web1:/root/x; echo $?; "
                   "scp web1:/tmp .; echo $?")
    assert r.out == "1\n1\n1\n1\n1\n"
    assert r.err == ("scp: /tmp/nope: No such file or directory\n"
                     "nope: No such file or directory\n"
                     "d: not a regular file\n"
                     "scp: /root/x: Permission denied\n"
                     "scp: /tmp: not a regular file\n")


def test_scp_unresolvable_host_prints_ssh_error(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; echo x > f; scp nowhere.invalid:x .; echo $?; scp f nowhere.invalid:/x; echo $?")
    assert r.out == "1\n1\n"
    assert r.err.replace("\r", "") == (   # (ssh's own line ends are ssh's business: \r\n in OpenSSH)
        "ssh: Could not resolve hostname nowhere.invalid: Name or service not known\n"
        "ssh: Could not resolve hostname nowhere.invalid: Name or service not known\n"
        "lost connection\n")


def test_scp_usage_and_local_copies(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; scp; echo $?; scp -Z a b; echo $?; scp -P; echo $?; echo x > sx; scp sx -r sy; echo $?; "
                   "scp -P abc sx web1:; echo $?; scp sx sx; echo $?; mkdir dd; scp dd t; echo $?; scp sx sz && cat sz")
    usage = ("usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n"
             "           [-i identity_file] [-J destination] [-l limit]\n"
             "           [-o ssh_option] [-P port] [-S program] source ... target\n")
    assert r.out == "1\n1\n1\n1\n255\n1\n1\nx\n"
    assert r.err == (usage + "scp: unknown option -- Z\n" + usage + "scp: option requires an argument -- P\n"
                     + usage + "sy: No such file or directory\n" + 'scp: bad port "abc"\n\r\n'
                     + "cp: 'sx' and 'sx' are the same file\n" + "cp: -r not specified; omitting directory 'dd'\n")


def test_scp_progress_meter_format() -> None:
    from shelldojo.shell.commands.net.scp import format_rate, format_size

    assert format_size(3) == "   3  "
    assert format_size(123456) == " 121KB"
    assert format_rate(200) == "  0.2KB"
    assert format_rate(5 * 1024 * 1024) == "  5.0MB"


def test_scp_then_ssh_in_shelldojo_run() -> None:
    from tests.hostile import run_c

    got = run_c("cd; echo hi > f; scp f web1:/tmp/ && ssh web1 cat /tmp/f")
    assert (got.stdout, got.status) == (b"hi\n", 0)


# ---------------------------------------------------------------------------------------- rsync
def test_rsync_push_then_quick_check_skips_unchanged(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; mkdir -p site/css; echo '<h1>menu</h1>' > site/index.html; echo 'b{}' > site/css/a.css; "
                   "rsync -av site/ web1:/tmp/site | head -n 6; rsync -av site/ web1:/tmp/site | head -n 2; "
                   "echo changed >> site/index.html; rsync -av site/ web1:/tmp/site | head -n 2")
    assert r.err == ""
    assert r.out == ("sending incremental file list\ncreated directory /tmp/site\n./\nindex.html\ncss/\ncss/a.css\n"
                     "sending incremental file list\n\n"
                     "sending incremental file list\nindex.html\n")
    got = on(cloud, "web1", "cat /tmp/site/index.html; stat -c '%U %a' /tmp/site /tmp/site/css/a.css")
    assert got.out == "<h1>menu</h1>\nchanged\nlearner 755\nlearner 644\n"


def test_rsync_pull_and_delete(cloud) -> None:  # type: ignore[no-untyped-def]
    on(cloud, "web1", "mkdir -p /srv/data; echo 1 > /srv/data/one; chmod -R a+rX /srv")
    r = run(cloud, "cd; mkdir back; echo old > back/stale; rsync -av --delete web1:/srv/data/ back | head -n -3; ls back")
    assert r.err == ""
    assert r.out == "receiving incremental file list\ndeleting stale\none\none\n"


def test_rsync_summary_lines_shape(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; echo hello > f; rsync -av f g | tail -n 3; rsync -avn f h | tail -n 1")
    lines = r.out.splitlines()
    assert lines[0] == ""
    assert lines[1].startswith("sent ") and lines[1].endswith(" bytes/sec")
    assert lines[2].startswith("total size is 6  speedup is ")
    assert lines[3].endswith(" (DRY RUN)")


def test_rsync_remote_errors(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; rsync -a web1:/nope .; echo $?; rsync -a nowhere.invalid:x .; echo $?; "
                   "echo x > f; rsync f web1:/root/f; echo $?; rsync -a web1:a db1:b; echo $?")
    assert r.out == "23\n255\n23\n1\n"
    assert r.err.replace("\r", "").splitlines() == [
        'rsync: [sender] link_stat "/nope" failed: No such file or directory (2)',
        ("rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1874) "
        "[Receiver=3.2.7]"),
        "ssh: Could not resolve hostname nowhere.invalid: Name or service not known",
        "rsync: connection unexpectedly closed (0 bytes received so far) [Receiver]",
        "rsync error: unexplained error (code 255) at io.c(232) [Receiver=3.2.7]",
        'rsync: [receiver] mkstemp "/root/.f.63vDbm" failed: Permission denied (13)',
        ("rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1347) "
        "[sender=3.2.7]"),
        "The source and destination cannot both be remote.",
        "rsync error: syntax or usage error (code 1) at main.c(1437) [Receiver=3.2.7]"]


def test_rsync_progress_line() -> None:
    from shelldojo.shell.commands.net.rsync_run import human, progress_line

    assert progress_line(4, 1, 3, 5, 1) == ("\r              4 100%    0.00kB/s    0:00:00  "
                                            "\r              4 100%    3.91kB/s    0:00:00 (xfr#1, to-chk=3/5)\n")
    assert human(1234567, 1) == "1,234,567"
    assert human(1234567, 2) == "1.23M"


def test_rsync_stays_bounded_on_a_symlink_loop() -> None:
    from tests.hostile import run_c

    got = run_c("cd; mkdir -p d; ln -s .. d/up; ln -s ../d d/me; rsync -aL d e; echo $?; "
                "rsync -a d e2 && find e2 | wc -l; scp -r d f 2>&1 | tail -n 1")
    got.assert_clean()
    got.assert_bounded(20, 400)


def test_scp_p_keeps_times_and_modes_and_remote_to_remote(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; echo x > f; touch -d '2020-01-02 03:04:05' f; chmod 604 f; scp -p f web1:/tmp/; "
                   "scp web1:/tmp/f db1:/tmp/g; echo $?")
    assert (r.out, r.err) == ("0\n", "")
    assert on(cloud, "web1", "stat -c '%y %a' /tmp/f").out == "2020-01-02 03:04:05.000000000 +0000 604\n"
    assert on(cloud, "db1", "cat /tmp/g; stat -c '%U %a' /tmp/g").out == "x\nlearner 604\n"


def test_rsync_a_as_root_keeps_owners(cloud) -> None:  # type: ignore[no-untyped-def]
    r = run(cloud, "cd; mkdir d; echo x > d/f; sudo rsync -a d /root/; sudo rsync -r d /root/e; "
                   "sudo stat -c '%U %n' /root/d /root/d/f /root/e/d/f")
    assert r.out == "learner /root/d\nlearner /root/d/f\nroot /root/e/d/f\n"
