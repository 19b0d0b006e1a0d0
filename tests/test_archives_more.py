"""Archives, part two (issue 15): zgrep/zless/zmore/zcmp/zdiff and their bzip2/xz kin, tar -r/-u,
gzip's overwrite question on a terminal, gzip -d's NAME.gz in messages, man pages.  Texts as the
real gzip 1.12, bzip2 1.0.8 and XZ Utils 5.4.1 scripts print them (see tests/golden/archives.sh)."""
from __future__ import annotations

from typing import Any

from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

from tests.hostile import run_c, run_source_in_process

FILES = ("printf 'apple\\nbanana\\ncherry\\n' > f; printf 'grape\\napple pie\\n' > g; gzip -k f g; "
         "bzip2 -k f; xz -k g; ")


def sh(script: str) -> tuple[int, str, str]:
    return run_source_in_process(FILES + script)


def test_zgrep_passes_grep_options_and_names_files() -> None:
    _status, out, err = sh("zgrep apple f.gz; zgrep -l apple f.gz g.gz; zgrep -n -i APPLE g.gz; zgrep -c an f.gz g; "
                          "zegrep 'app|gra' g.gz; zfgrep -h a.p f.gz g.gz; echo $?")
    assert out == "apple\nf.gz\ng.gz\n2:apple pie\nf.gz:1\ng:0\ngrape\napple pie\n1\n", err
    assert err == ""


def test_zgrep_errors_as_the_scripts_print_them() -> None:
    _status, out, err = sh("zgrep; echo $?; zgrep -r x .; echo $?; zgrep x nosuch; echo $?; xzgrep; echo $?; "
                          "bzgrep; echo $?; zgrep -A; echo $?")
    assert out == "2\n2\n2\n2\ngrep through bzip2 files\nusage: bzgrep [grep_options] pattern [files]\n2\n2\n"
    assert err == ("/usr/bin/zgrep: 188: 1: missing pattern; try `/usr/bin/zgrep --help' for help\n"
                   "/usr/bin/zgrep: -r: option not supported\n"
                   "gzip: nosuch.gz: No such file or directory\n"
                   "/usr/bin/xzgrep: 159: 1: Missing pattern; try `xzgrep --help' for help\n"
                   "/usr/bin/zgrep: 75: 1: -A option requires an argument\n")


def test_bzgrep_and_xzgrep_unpack_their_formats() -> None:
    _status, out, err = sh("bzgrep cherry f.bz2; xzgrep pie g.xz; xzgrep -c apple g.xz f.gz f.bz2; "
                          "echo junk > j.gz; zgrep ju j.gz")
    assert out == "cherry\napple pie\ng.xz:1\nf.gz:1\nf.bz2:1\njunk\n", err


def test_zless_zmore_without_a_terminal_copy_like_less_and_more() -> None:
    _status, out, err = sh("zless f.gz nosuch; zmore f.gz nosuch; xzmore g.xz; bzless f.bz2; echo $?")
    assert out == ("apple\nbanana\ncherry\nnosuch: No such file or directory\n"
                   "::::::::::::::\nf.gz\n::::::::::::::\napple\nbanana\ncherry\n"
                   "::::::::::::::\nnosuch\n::::::::::::::\ngzip: nosuch.gz: No such file or directory\n"
                   "------> g.xz <------\ngrape\napple pie\n------> f.bz2 <------\napple\nbanana\ncherry\n0\n")
    assert err == "gzip: nosuch.gz: No such file or directory\n"


def test_zcmp_zdiff_compare_uncompressed_contents() -> None:
    _status, out, err = sh("zcmp f.gz f; echo $?; zcmp f.gz; echo $?; zcmp f.gz g.gz; echo $?; zdiff f.gz g; "
                          "echo $?; zcmp; echo $?; zdiff a b c; echo $?; zdiff nope f; echo $?; bzdiff a; echo $?")
    assert out == ("0\n0\n/dev/fd/5 - differ: byte 1, line 1\n1\n1,3c1,2\n< apple\n< banana\n< cherry\n---\n"
                   "> grape\n> apple pie\n1\n2\n2\n2\nbzdiff: a not found or not a regular file\n1\n")
    assert err == ("/usr/bin/zdiff: missing operand\n/usr/bin/zdiff: extra operand 'c'\n"
                   "/usr/bin/zdiff: 92: cannot open nope: No such file\n")


def test_gzip_d_names_the_gz_it_looked_for() -> None:
    _status, _out, err = sh("gzip -d nosuch; zcat nosuch; gzip nosuch")
    assert err == ("gzip: nosuch.gz: No such file or directory\n" * 2 + "gzip: nosuch: No such file or directory\n")


def test_tar_append_and_update() -> None:
    _status, out, err = sh("mkdir d; echo a > d/a; touch -d '2020-01-01' d/a; tar cf t.tar d; echo b > d/b; "
                          "tar rvf t.tar d/b; tar uvf t.tar d; touch -d '2021-01-01' d/a; tar uvf t.tar d; "
                          "tar tf t.tar; tar xOf t.tar d/a | wc -l; tar czf z.tgz d; tar rzf z.tgz d; echo $?; "
                          "tar uf z.tgz d; echo $?; echo x | tar rf - d/a; echo $?; tar rf new.tar d/b; tar tf new.tar")
    assert out == "d/b\nd/a\nd/\nd/a\nd/b\nd/a\n2\n2\n2\n2\nd/b\n", err
    assert err == ("tar: Cannot update compressed archives\nTry 'tar --help' or 'tar --usage' for more information.\n"
                   "tar: Cannot update compressed archives\ntar: Error is not recoverable: exiting now\n"
                   "tar: Options '-Aru' are incompatible with '-f -'\n"
                   "Try 'tar --help' or 'tar --usage' for more information.\n")


class _Tty(NullInput):
    def isatty(self) -> bool:
        return True


class _Terminal:
    columns, lines = 80, 24

    def __init__(self, answers: list[str | None]) -> None:
        self.answers, self.prompts = answers, []

    def read_line(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.answers.pop(0)

    def run_app(self, app: Any) -> Any:  # never reached: no pager in these cases
        raise AssertionError("pager")


def test_gzip_asks_before_overwriting_on_a_terminal() -> None:
    term = _Terminal(["n", "y"])
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), stdout=out, stderr=err, stdin=_Tty(), terminal=term)  # type: ignore[arg-type]
    session.run_source("echo a > x; echo b > x.gz; gzip x; echo $?; cat x.gz; gzip x; echo $?; zcat x.gz; ls")
    assert term.prompts == ["gzip: x.gz already exists; do you wish to overwrite (y or n)? "] * 2
    assert out.getvalue().decode() == "2\nb\n0\na\nx.gz\n"
    assert err.getvalue().decode() == "\tnot overwritten\n"


def test_man_pages_of_the_archivers() -> None:
    _status, out, _err = run_source_in_process("for p in tar gzip zcat bzip2 bunzip2 xz xzcat; do man $p | sed -n 4p; done")
    assert out.split("\n")[:7] == ["       tar - an archiving utility", *["       gzip, gunzip, zcat - compress or expand files"] * 2,
                                   *["       bzip2, bunzip2, bzcat - a block-sorting file compressor"] * 2,
                                   *["       xz, unxz, xzcat - Compress or decompress .xz and .lzma files"] * 2]


def test_zgrep_on_a_bomb_stops_at_our_limit() -> None:
    result = run_c("head -c 300000000 /dev/zero | gzip -1 > b.gz; ls -s b.gz | cut -d' ' -f1; zgrep -c x b.gz; echo $?")
    result.assert_clean()
    result.assert_bounded()
    assert result.stderr.endswith(b"shelldojo: file size limit exceeded (16 MB unpacked in memory)\n")
    assert result.status == 124


def test_xz_list_reads_the_index() -> None:
    _status, out, err = sh("echo zz > h; xz -k h; xz -l g.xz h.xz; xz -l f; echo $?; xz -l; echo $?")
    assert out == ("Strms  Blocks   Compressed Uncompressed  Ratio  Check   Filename\n"
                   "    1       1         72 B         16 B  4.500  CRC64   g.xz\n"
                   "    1       1         60 B          3 B    ---  CRC64   h.xz\n" + "-" * 79 + "\n"
                   "    2       2        132 B         19 B  6.947  CRC64   2 files\n1\n1\n")
    assert err == "xz: f: Too small to be a valid .xz file\nxz: --list does not support reading from standard input\n"
