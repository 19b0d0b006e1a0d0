"""tac, fold, expand/unexpand, tsort, join, split, csplit, fmt, numfmt, pr, factor, shuf (issue 15).

Expected outputs were checked against GNU coreutils 9.1 on the recording host; the broader
cases are golden recordings (tests/golden/text_more.sh)."""
from __future__ import annotations

import pytest

from tests.cmdutil import run
from tests.hostile import run_c, run_source_in_process


def test_tac_keeps_a_missing_final_separator_out_of_place() -> None:
    assert run(["tac"], stdin=b"a\nb\nc").out == "cb\na\n"
    assert run(["tac", "-b", "-s", "x"], stdin=b"xaxbx").out == "xxbxa"


def test_tac_regex_searches_backwards_like_gnu() -> None:
    # GNU finds the rightmost separator first, so `[0-9][0-9]*` matches single digits
    assert run(["tac", "-r", "-s", "[0-9][0-9]*"], stdin=b"a1b22c333d").out == "d33c32b2a1"


def test_fold_breaks_at_blanks_and_counts_tabs() -> None:
    assert run(["fold", "-s", "-w", "7"], stdin=b"hello world again\n").out == "hello \nworld \nagain\n"
    assert run(["fold", "-w", "10"], stdin=b"\tabcdef\n").out == "\tab\ncdef\n"
    r = run(["fold", "-w", "0"])
    assert (r.status, r.err) == (1, "fold: invalid number of columns: \u20180\u2019: Numerical result out of range\n")


def test_expand_tab_lists_and_errors() -> None:
    assert run(["expand", "-t", "2,5"], stdin=b"\ta\tb\tc\n").out == "  a  b c\n"
    assert run(["expand", "-t", "2,+3"], stdin=b"\ta\tb\tc\n").out == "  a  b  c\n"
    assert run(["expand", "-t", "3,2"]).err == "expand: tab sizes must be ascending\n"


def test_unexpand_converts_leading_blanks_only_by_default() -> None:
    assert run(["unexpand"], stdin=b"        a       b\n").out == "\ta       b\n"
    assert run(["unexpand", "-a"], stdin=b"        a       b\n").out == "\ta\tb\n"
    assert run(["unexpand", "-3"], stdin=b"      a   b\n").out == "\t\ta   b\n"


def test_tsort_orders_and_reports_a_loop() -> None:
    assert run(["tsort"], stdin=b"a b\nb c\nx y\n").out == "a\nx\nb\ny\nc\n"
    r = run(["tsort"], stdin=b"a b b a\n")
    assert (r.status, r.err) == (1, "tsort: -: input contains a loop:\ntsort: a\ntsort: b\n")
    assert run(["tsort"], stdin=b"a").err == "tsort: -: input contains an odd number of tokens\n"


def _join(files: dict[str, bytes], *args: str):  # type: ignore[no-untyped-def]
    setup = "; ".join(f"printf '{v.decode()}' > {k}" for k, v in files.items())
    return run_source_in_process(f"{setup}; join {' '.join(args)}")


def test_join_pairs_runs_and_fills_missing_fields() -> None:
    files = {"f1": b"1 a\\n3 c\\n5 e\\n", "f2": b"1 x\\n3 y\\n3 z\\n4 w\\n"}
    assert _join(files, "f1", "f2")[1] == "1 a x\n3 c y\n3 c z\n"
    assert _join(files, "-a1", "-e", "NA", "-o", "0,2.2", "f1", "f2")[1] == "1 x\n3 y\n3 z\n5 NA\n"


def test_join_warns_once_about_unsorted_input() -> None:
    status, _, err = _join({"u1": b"b 1\\na 2\\nc 3\\n", "u2": b"a x\\nb y\\nc z\\n"}, "u1", "u2")
    assert status == 1
    assert err.endswith("join: u1:2: is not sorted: a 2\njoin: input is not in sorted order\n")


def test_split_widens_suffixes_like_gnu() -> None:
    status, out, _ = run_source_in_process("seq 700 | split -l1; ls | sed -n '650,651p'")
    assert (status, out) == (0, "xyz\nxzaaa\n")
    status, _, err = run_source_in_process("seq 30 | split -a1 -l1")
    assert (status, err) == (1, "split: output file suffixes exhausted\n")


def test_split_number_of_chunks() -> None:
    _, out, _ = run_source_in_process("seq 10 > f; split -n l/3 f; wc -l xa?")
    assert out.split()[:6] == ["4", "xaa", "3", "xab", "3", "xac"]


def test_factor_big_integers_and_bad_input() -> None:
    r = run(["factor", "18446744073709551617", "0", "x"])
    assert r.out == "18446744073709551617: 274177 67280421310721\n0:\n"
    assert (r.status, r.err) == (1, "factor: \u2018x\u2019 is not a valid positive integer\n")


def test_shuf_is_a_permutation_and_random_source_is_gnus() -> None:
    r = run(["shuf", "-i", "1-50"])
    assert sorted(map(int, r.out.split())) == list(range(1, 51))
    # GNU's randint over the same bytes: the very order GNU shuf prints
    out = run_source_in_process("seq 1000 > src; seq 10 | shuf --random-source=src")[1].split()
    assert out == ["10", "6", "5", "3", "4", "2", "9", "1", "7", "8"]
    status, _, err = run_source_in_process("printf ab > tiny; seq 300 | shuf --random-source=tiny")
    assert (status, err) == (1, "shuf: \u2018tiny\u2019: end of file\n")


def test_fmt_breaks_lines_where_gnu_does() -> None:
    text = b"The quick brown fox jumps over the lazy dog.  It was a sunny day.\n"
    assert run(["fmt", "-w", "20"], stdin=text).out == \
        "The quick brown\nfox jumps over the\nlazy dog.  It was\na sunny day.\n"


def test_csplit_prints_byte_counts_and_removes_files_on_error() -> None:
    out = run_source_in_process("seq 20 | csplit - 5 /1[25]/; ls")[1]
    assert out == "8\n16\n27\nxx00\nxx01\nxx02\n"
    _, out, err = run_source_in_process("seq 20 | csplit - /99/; echo $?; ls")
    assert (out, err) == ("51\n1\n", "csplit: \u2018/99/\u2019: match not found\n")


def test_numfmt_scales_and_reports_bad_numbers() -> None:
    assert run(["numfmt", "--to=iec-i", "3000000"]).out == "2.9Mi\n"
    assert run(["numfmt", "--from=si", "1.5M"]).out == "1500000\n"
    r = run(["numfmt", "1K"])
    assert (r.status, r.err) == (2, "numfmt: rejecting suffix in input: \u20181K\u2019 (consider using --from)\n")


def test_pr_header_centres_the_name_between_date_and_page() -> None:
    out = run_source_in_process("seq 3 > f; touch -d '2024-01-02 03:04' f; pr f")[1].splitlines()
    assert len(out) == 66
    assert out[2] == "2024-01-02 03:04" + " " * 24 + "f" + " " * 25 + "Page 1"


def test_ptx_default_dumb_format() -> None:
    out = run(["ptx"], stdin=b"The quick brown fox\njumps over the lazy dog.\n").out.splitlines()
    assert out[0] == "   lazy dog." + " " * 27 + "The quick brown fox jumps over the"
    assert out[1] == " " * 27 + "The quick   brown fox jumps over the lazy dog."


def test_ptx_traditional_reports_a_context_match_at_the_cursor_as_gnu_does() -> None:
    r = run(["ptx", "-G"], stdin=b"a\n\nb\n")
    assert (r.status, r.err) == (1, "ptx: error: regular expression has a match of length zero: \u2018\\n\u2019\n")


@pytest.mark.parametrize("script", ["shuf -r -e a > /dev/null", "tac /dev/zero", "fold /dev/zero | head -c1",
                                    "factor 340282366920938463463374607431768211457", "expand /dev/zero | head -c1",
                                    "fmt /dev/zero", "csplit /dev/zero 5", "ptx /dev/zero", "pr /dev/zero | head -c1",
                                    "numfmt < /dev/zero", "split -b 1 /dev/zero", "join /dev/zero /dev/zero"])
def test_endless_or_costly_input_is_bounded(script: str) -> None:
    outcome = run_c(script)
    outcome.assert_clean()
    outcome.assert_bounded()
