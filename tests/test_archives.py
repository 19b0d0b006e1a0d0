"""tar, gzip, bzip2 and xz on the virtual disk (issue 15, archives): round trips, GNU's words,
and hostile archives (bombs, `..` and absolute members, truncation, many members, link loops).

Deterministic: gzip -n bytes (no name, no time; OS byte 3 as gzip writes on Linux); sizes and
messages. Compressed bytes otherwise may differ from the real tools' (other zlib settings)."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zlib

from tests.hostile import run_c, run_source_in_process


def sh(script: str) -> tuple[int, str, str]:
    return run_source_in_process(script)


def test_gzip_round_trip_and_python_reads_our_bytes() -> None:
    _status, out, err = sh("printf 'hello world\\n' > l; gzip -n l; ls; base64 -w0 l.gz; echo; gunzip l.gz; cat l")
    assert _status == 0, err
    lines = out.splitlines()
    assert lines[0] == "l.gz"
    import base64
    data = base64.b64decode(lines[1])
    assert data[:4] == b"\x1f\x8b\x08\x00" and data[4:8] == b"\0\0\0\0" and data[9] == 3  # -n, Unix
    assert gzip.decompress(data) == b"hello world\n"
    assert lines[2] == "hello world"


def test_gzip_messages_and_statuses() -> None:
    _status, out, err = sh("echo a > h; gzip -k h; gzip -k h; echo $?; gzip nope; echo $?; echo x > b.gz; "
                          "gunzip b.gz; echo $?; gzip -l h.gz; gzip -v -f h 2>&1")
    assert out.splitlines()[:3] == ["2", "1", "1"]
    assert "gzip: h.gz already exists;\tnot overwritten\n" in err
    assert "gzip: nope: No such file or directory\n" in err
    assert "\ngzip: b.gz: not in gzip format\n" in err
    assert "                 24                   2 -100.0% h\n" in out
    assert "h:\t-100.0% -- replaced with h.gz\n" in out


def test_bzip2_and_xz_round_trips_readable_by_python() -> None:
    _status, out, err = sh("echo data > b; cp b c; bzip2 b; xz c; base64 -w0 b.bz2; echo; base64 -w0 c.xz; echo; "
                          "bzcat b.bz2; xzcat c.xz; bzip2 nope; xz nope; echo n > n.xz; unxz n.xz; echo $?")
    import base64
    lines = out.splitlines()
    assert bz2.decompress(base64.b64decode(lines[0])) == b"data\n"
    assert lzma.decompress(base64.b64decode(lines[1])) == b"data\n"
    assert lines[2:] == ["data", "data", "1"]
    assert "bzip2: Can't open input file nope: No such file or directory.\n" in err
    assert "xz: nope: No such file or directory\n" in err
    assert "unxz: n.xz: File format not recognized\n" in err


def test_tar_create_list_extract() -> None:
    _status, out, err = sh("mkdir -p d/s; echo hi > d/f; echo x > d/s/a; ln -s f d/l; tar czf a.tgz d; "
                          "mkdir o; tar xvzf a.tgz -C o; cat o/d/f; readlink o/d/l; tar tf a.tgz --exclude=s; "
                          "tar xOf a.tgz d/f; tar xf a.tgz -C o --strip-components=1; ls o")
    assert _status == 0, err
    assert out == "d/\nd/f\nd/l\nd/s/\nd/s/a\nhi\nf\nd/\nd/f\nd/l\nhi\nd\nf\nl\ns\n"


def test_tar_messages() -> None:
    _status, out, err = sh("tar cf c.tar nope; echo $?; tar; echo $?; echo x > f; tar tf f; echo $?; "
                          "tar cf f.tar; echo $?; tar cf x.tar /home/learner/f; tar tf x.tar")
    assert out == "2\n2\n2\n2\nhome/learner/f\n"
    assert err == ("tar: nope: Cannot stat: No such file or directory\n"
                   "tar: Exiting with failure status due to previous errors\n"
                   "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n"
                   "Try 'tar --help' or 'tar --usage' for more information.\n"
                   "tar: This does not look like a tar archive\n"
                   "tar: Exiting with failure status due to previous errors\n"
                   "tar: Cowardly refusing to create an empty archive\n"
                   "Try 'tar --help' or 'tar --usage' for more information.\n"
                   "tar: Removing leading `/' from member names\n")


def _evil_tar() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for n in ["../../etc/passwd", "/etc/shadow", "good"]:
            i = tarfile.TarInfo(n)
            i.size = 6
            t.addfile(i, io.BytesIO(b"pwned\n"))
        i = tarfile.TarInfo("loop")
        i.type, i.linkname = tarfile.SYMTYPE, "loop"
        t.addfile(i)
    return buf.getvalue()


def test_hostile_dotdot_absolute_and_symlink_loop() -> None:
    o = run_c("mkdir x; cd x; tar xf -; echo st=$?; find . | sort; head -c5 /etc/passwd; echo; cat loop",
              stdin=_evil_tar())
    o.assert_clean()
    assert "tar: ../../etc/passwd: Member name contains '..'\n" in o.stderr.decode()
    assert "tar: Removing leading `../../' from member names\n" in o.stderr.decode()
    assert "st=2\n./\n" not in o.stdout.decode() and "st=2\n" in o.stdout.decode()
    assert "./etc/shadow\n./good\n./loop\n" in o.stdout.decode()
    assert "pwned" not in o.stdout.decode().split("\n", 6)[-1]  # the machine's /etc/passwd is untouched
    assert "Too many levels of symbolic links" in o.stderr.decode()


def _gzip_bomb(total: int) -> bytes:
    """`total` zero bytes as concatenated gzip members (cheap to build, ~1 KB per 1 MB)."""
    member = gzip.compress(b"\0" * (1 << 20), 9)
    return member * (total >> 20)


def test_hostile_gzip_bomb_stops_at_the_disk() -> None:
    o = run_c("gunzip -c > out; echo st=$?; ls out || true", stdin=_gzip_bomb(1 << 30))
    o.assert_clean()
    o.assert_bounded(wall_s=30, mem_mb=400)
    assert "st=1" in o.stdout.decode()
    o2 = run_c("cat > b.gz; gunzip b.gz; echo st=$?; ls", stdin=_gzip_bomb(1 << 30))
    o2.assert_clean()
    assert "st=1" in o2.stdout.decode() and "gzip: b: File too large" in o2.stderr.decode()
    assert "b.gz" in o2.stdout.decode()


def test_hostile_tar_bomb_member() -> None:
    header = tarfile.TarInfo("zeros")
    header.size = 1 << 30
    head = header.tobuf(tarfile.GNU_FORMAT)
    data = gzip.compress(head) + _gzip_bomb(1 << 30)
    o = run_c("tar xzf -; echo st=$?", stdin=data)
    o.assert_clean()
    o.assert_bounded(wall_s=30, mem_mb=400)
    assert "st=2" in o.stdout.decode() and "tar: zeros: Cannot write: File too large" in o.stderr.decode()


def test_hostile_truncated_archive() -> None:
    data = _evil_tar()[:700]
    o = run_c("tar tf -; echo st=$?", stdin=data)
    o.assert_clean()
    assert "tar: Unexpected EOF in archive\ntar: Error is not recoverable: exiting now\n" in o.stderr.decode()
    assert "st=2" in o.stdout.decode()


def test_hostile_100000_tiny_members() -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1) as t:
        for n in range(100_000):
            i = tarfile.TarInfo(f"m{n}")
            i.size = 1
            t.addfile(i, io.BytesIO(b"x"))
    o = run_c("tar xzf -; echo st=$?", stdin=buf.getvalue(), kill_after=120)
    o.assert_clean()
    o.assert_bounded(wall_s=90, mem_mb=600)
    # bounded either way: the inode cap (disk full) or the time limit stops it, cleanly
    assert ("st=2" in o.stdout.decode() and "No space left on device" in o.stderr.decode()) or \
        (o.status == 124 and "shelldojo: time limit exceeded" in o.stderr.decode())


def test_zlib_is_standard() -> None:
    assert zlib.decompress(zlib.compress(b"x")) == b"x"
