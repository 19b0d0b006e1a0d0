"""sort uniq cut tr paste comm: outputs recorded from GNU coreutils 9.1 (C.UTF-8)."""
from __future__ import annotations

from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run


def files(**contents: bytes):
    m = fresh_machine()
    for name, data in contents.items():
        path = f"/home/learner/{name}"
        m.fake.create_file(path, contents=data)
        m.os.chown(path, 1000, 1000)
    return m


def test_sort_basic_and_numeric():
    assert run(["sort"], stdin=b"pear\napple\nfig\n").out == "apple\nfig\npear\n"
    assert run(["sort", "-r"], stdin=b"pear\napple\nfig\n").out == "pear\nfig\napple\n"
    assert run(["sort"], stdin=b"10\n9\n100\n").out == "10\n100\n9\n"
    assert run(["sort", "-n"], stdin=b"10\n9\n100\n").out == "9\n10\n100\n"
    assert run(["sort"], stdin=b"banana\nApple\ncherry\nBanana\n").out == "Apple\nBanana\nbanana\ncherry\n"


def test_sort_keys():
    assert run(["sort", "-t,", "-k2", "-n"], stdin=b"bob,30\nann,25\ncid,41\n").out == "ann,25\nbob,30\ncid,41\n"
    assert run(["sort", "-k2"], stdin=b"zed 1\namy 3\nbob 2\n").out == "zed 1\nbob 2\namy 3\n"
    assert run(["sort", "-t:", "-k3,3", "-k2n"], stdin=b"x:3:b\ny:1:a\nz:2:a\n").out == "y:1:a\nz:2:a\nx:3:b\n"
    assert run(["sort", "-k2,2n", "-k1,1r"], stdin=b"a 2\nb 1\nc 2\n").out == "b 1\nc 2\na 2\n"


def test_sort_other_orders():
    assert run(["sort", "-h"], stdin=b"2K\n1M\n-1G\n3\n1k\n").out == "-1G\n3\n1k\n2K\n1M\n"
    assert run(["sort", "-g"], stdin=b"1.5\n-2\n1e3\nabc\n0x10\n").out == "abc\n-2\n1.5\n0x10\n1e3\n"
    assert run(["sort", "-V"], stdin=b"a1.10\na1.2\na1.9\n").out == "a1.2\na1.9\na1.10\n"
    assert run(["sort", "-fu"], stdin=b"b\nB\na\n").out == "a\nb\n"
    assert run(["sort", "-u"], stdin=b"taco\nbowl\ntaco\nchips\n").out == "bowl\nchips\ntaco\n"


def test_sort_errors():
    r = run(["sort", "ghost.txt"])
    assert (r.status, r.err) == (2, "sort: cannot read: ghost.txt: No such file or directory\n")
    r = run(["sort", "-c"], stdin=b"b\na\n")
    assert (r.status, r.err) == (1, "sort: -:2: disorder: a\n")
    assert run(["sort", "-C"], stdin=b"b\na\n").status == 1
    r = run(["sort", "-k", "0"])
    assert r.err == "sort: field number is zero: invalid field specification \u20180\u2019\n"
    assert run(["sort", "-t", "ab"]).err == "sort: multi-character tab \u2018ab\u2019\n"
    assert run(["sort", "-gn"]).err == "sort: options '-gn' are incompatible\n"


def test_sort_output_same_file():
    m = files(s=b"c\nb\na\n")
    assert run(["sort", "-o", "s", "s"], m).status == 0
    assert run(["cat", "s"], m).out == "a\nb\nc\n"


def test_uniq():
    assert run(["uniq"], stdin=b"a\nb\na\na\n").out == "a\nb\na\n"
    assert run(["uniq", "-c"], stdin=b"bowl\nbowl\ntaco\n").out == "      2 bowl\n      1 taco\n"
    assert run(["uniq", "-d"], stdin=b"a\na\nb\nc\nc\n").out == "a\nc\n"
    assert run(["uniq", "-u"], stdin=b"a\na\nb\nc\nc\n").out == "b\n"
    assert run(["uniq", "-i", "-c"], stdin=b"a\nA\nb\n").out == "      2 a\n      1 b\n"
    assert run(["uniq", "-f1"], stdin=b"x a\ny a\nz b\n").out == "x a\nz b\n"
    r = run(["uniq", "a", "b", "c"])
    assert r.err == "uniq: extra operand \u2018c\u2019\nTry 'uniq --help' for more information.\n"


def test_cut():
    assert run(["cut", "-d,", "-f1,3"], stdin=b"ann,25,paris\n").out == "ann,paris\n"
    assert run(["cut", "-c2-4"], stdin=b"abcdefgh\n").out == "bcd\n"
    assert run(["cut", "-c5-"], stdin=b"abcdefgh\n").out == "efgh\n"
    assert run(["cut", "-f2-"], stdin=b"ann\t25\tparis\n").out == "25\tparis\n"
    assert run(["cut", "-d,", "-f2"], stdin=b"no delimiter here\n").out == "no delimiter here\n"
    assert run(["cut", "-s", "-d:", "-f2"], stdin=b"a:b\nnodelim\n").out == "b\n"
    assert run(["cut", "-d,", "-f2", "--complement"], stdin=b"a,b,c\n").out == "a,c\n"


def test_cut_errors():
    tail = "Try 'cut --help' for more information.\n"
    assert run(["cut"]).err == "cut: you must specify a list of bytes, characters, or fields\n" + tail
    assert run(["cut", "-d", "ab", "-f1"]).err == "cut: the delimiter must be a single character\n" + tail
    assert run(["cut", "-f", "0"]).err == "cut: fields are numbered from 1\n" + tail
    assert run(["cut", "-c", "3-1"]).err == "cut: invalid decreasing range\n" + tail
    assert run(["cut", "-f", "x"]).err == "cut: invalid field value \u2018x\u2019\n" + tail


def test_tr():
    assert run(["tr", "a-z", "A-Z"], stdin=b"Hello World\n").out == "HELLO WORLD\n"
    assert run(["tr", "[:upper:]", "[:lower:]"], stdin=b"Hello World\n").out == "hello world\n"
    assert run(["tr", "-d", "-"], stdin=b"a-b-c\n").out == "abc\n"
    assert run(["tr", "-s", " "], stdin=b"too    many   spaces\n").out == "too many spaces\n"
    assert run(["tr", "-cd", "a-z"], stdin=b"Hello, World!\n").out == "elloorld"
    assert run(["tr", "a-z", "[x*3]y"], stdin=b"abcdefg\n").out == "xxxyyyy\n"
    assert run(["tr", "-s", "a", "b"], stdin=b"aaacaaa\n").out == "bcb\n"


def test_tr_errors():
    tail = "Try 'tr --help' for more information.\n"
    assert run(["tr"]).err == "tr: missing operand\n" + tail
    assert run(["tr", "a"]).err == ("tr: missing operand after \u2018a\u2019\n"
                                    "Two strings must be given when translating.\n" + tail)
    assert run(["tr", "a", "b", "c"]).err == "tr: extra operand \u2018c\u2019\n" + tail
    r = run(["tr", "c-a", "x"])
    assert (r.status, r.err) == (1, "tr: range-endpoints of 'c-a' are in reverse collating sequence order\n")


def test_paste():
    m = files(n=b"1\n2\n3\n", l=b"a\nb\n")
    assert run(["paste", "n", "l"], m).out == "1\ta\n2\tb\n3\t\n"
    assert run(["paste", "-d,", "n", "l"], m).out == "1,a\n2,b\n3,\n"
    assert run(["paste", "-s", "-d+", "n"], m).out == "1+2+3\n"
    assert run(["paste", "-d", "\\t,", "n", "l", "n"], m).out == "1\ta,1\n2\tb,2\n3\t,3\n"
    assert run(["paste", "n", "nope"], m).err == "paste: nope: No such file or directory\n"


def test_comm():
    m = files(x=b"b\na\nc\n", y=b"a\nc\n", s=b"a\nb\nc\n")
    assert run(["comm", "s", "y"], m).out == "\t\ta\nb\n\t\tc\n"
    r = run(["comm", "x", "y"], m)
    assert r.out == "\ta\nb\na\n\t\tc\n"
    assert r.err == "comm: file 1 is not in sorted order\ncomm: input is not in sorted order\n"
    assert r.status == 1
    r = run(["comm", "--check-order", "x", "y"], m)
    assert (r.out, r.status) == ("\ta\nb\n", 1)
    assert run(["comm", "-12", "--total", "y", "y"], m).out == "a\nc\n0\t0\t2\ttotal\n"
