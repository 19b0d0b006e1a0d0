"""Pack 3, "Asking questions of data": it validates, every variant's solution passes, and
typical wrong answers fail with the message that explains them."""
from __future__ import annotations

import dataclasses
import os

import pytest
from shelldojo.challenges.checks import evaluate
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.model import Challenge
from shelldojo.challenges.replay import replay
from shelldojo.challenges.setup import prepare
from shelldojo.challenges.validate import validate
from shelldojo.challenges.variants import instantiate

PACK = os.path.join(os.path.dirname(__file__), "..", "challenges", "packs", "03-asking-questions")
KINDS = {"content_equals", "content_contains", "content_matches", "line_count", "output_contains",
         "output_equals", "command_used", "file", "missing"}


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def with_values(challenge: Challenge, **values: str) -> Challenge:
    """The challenge instantiated with chosen values for its variables."""
    fixed = {name: (values[name],) if name in values else choices
             for name, choices in challenge.variables.items()}
    return instantiate(dataclasses.replace(challenge, variables=fixed), "test")


def failing(challenge: Challenge, script: str) -> list[str]:
    """The messages of the checks that fail after `script` is typed in a fresh setup."""
    machine = prepare(challenge)
    obs, _session = replay(machine, challenge, script)
    return [r.message for r in evaluate(challenge, machine, obs) if not r.passed]


def messages(challenge: Challenge, *indexes: int) -> list[str]:
    """The messages of the challenge's checks at these positions (0-based, in file order)."""
    return [challenge.checks[i].message for i in indexes]


def test_pack_validates():
    report = validate([PACK])
    assert report.problems == []
    assert report.checked == 10


def test_pack_uses_every_required_check_kind_and_variables(pack):
    kinds = {check.kind for c in pack.challenges for check in c.checks}
    assert KINDS <= kinds
    assert sum(bool(c.variables) for c in pack.challenges) >= 2
    for c in pack.challenges:
        assert c.cards and 1 <= len(c.cards) <= 3
        assert 2 <= len(c.hints) <= 3


def test_every_variant_solution_passes(pack):
    for c in pack.challenges:
        for name, choices in c.variables.items():
            for value in choices:
                inst = with_values(c, **{name: value})
                assert failing(inst, inst.solution) == [], (c.id, value)


def test_variants_differ_between_students(pack):
    for cid in ("prep-list", "phone-orders"):
        c = pack.challenge(cid)
        goals = {instantiate(c, student).goal for student in (f"student{i}" for i in range(20))}
        assert len(goals) > 1


def test_head_without_a_count_shows_too_much(pack):
    c = pack.challenge("first-look")
    assert failing(c, "head orders.csv") == [
        ("Your last command should print exactly the first 5 lines of orders.csv: "
         "the header and the first 4 orders, nothing more.")]
    assert failing(c, "cat orders.csv") == messages(c, 0, 1)


def test_tail_default_is_ten_lines(pack):
    c = pack.challenge("last-orders")
    assert failing(c, "tail orders.csv") == [
        ("Your last command should print exactly the last 3 lines of orders.csv. "
         "tail shows 10 lines unless you ask for fewer.")]
    assert failing(c, "head -n 3 orders.csv") == messages(c, 0, 1, 2)


def test_counting_the_header_is_wrong(pack):
    c = pack.challenge("count-orders")
    wrong_number = ("Your last command should print just the number of orders: a bare number, without "
                    "the file name, and without counting the header line.")
    assert failing(c, "wc -l orders.csv") == [wrong_number]
    assert failing(c, "wc -l < orders.csv") == [wrong_number]
    assert failing(c, "echo 60") == [
        "Count the lines with wc -l: counting 60-odd lines by eye is how mistakes get into reports."]
    assert failing(c, "grep -v order_id orders.csv | wc -l") == []


def test_grep_and_lp_barbacoa_count(pack):
    c = pack.challenge("find-barbacoa")
    assert failing(c, "grep chicken orders.csv") == messages(c, 1)
    c = pack.challenge("barbacoa-in-lp")
    assert failing(c, "grep -c barbacoa orders.csv") == [
        "Your last command should print just one number: how many orders are both barbacoa and from LP."]
    assert failing(c, "grep barbacoa orders.csv | cut -d, -f4 | grep -c LP") == []


def test_prep_list_wrong_answers(pack):
    c = with_values(pack.challenge("prep-list"), nb="WP")
    assert messages(c, 1) == [
        "The first line of prep-WP.csv should be the header line of orders.csv (order_id,restaurant,...)."]
    assert failing(c, "ls") == messages(c, 0, 1, 2, 3, 4)
    # a second > replaces the header
    assert failing(c, "head -n 1 orders.csv > prep-WP.csv\ngrep ,WP, orders.csv > prep-WP.csv") == messages(c, 1, 4)
    assert failing(c, "head -n 1 orders.csv > prep-WP.csv") == messages(c, 2, 4)
    assert failing(c, "head -n 1 orders.csv > prep-WP.csv\ngrep ,LP, orders.csv >> prep-WP.csv") \
        == messages(c, 2, 3)
    assert failing(c, "head -n 1 orders.csv > prep-WP.csv\ngrep C orders.csv >> prep-WP.csv") == messages(c, 3, 4)
    twice = "head -n 1 orders.csv > prep-WP.csv\ngrep ,WP, orders.csv >> prep-WP.csv\ngrep ,WP, orders.csv >> prep-WP.csv"
    assert failing(c, twice) == [
        ("prep-WP.csv should have the header once and every WP order exactly once. "
         "Did a line get added twice, or did some orders go missing?")]


def test_item_column_wrong_answers(pack):
    c = pack.challenge("item-column")
    assert failing(c, "cut -d, -f5 orders.csv > items.txt")[0] == (
        "items.txt still has the header word 'item' in it: the supplier wants items only. "
        "tail -n +2 skips the first line.")
    assert failing(c, "tail -n +2 orders.csv > items.txt") == [
        ("Every line of items.txt should be just an item name, like chicken: "
         "no order ids, no neighbourhoods, no quantities.")]
    assert failing(c, "cut -d, -f5 orders.csv | tail -n 5 > items.txt") == messages(c, 3)


def test_top_item_needs_the_top_line_only(pack):
    c = pack.challenge("top-item")
    assert failing(c, "cut -d, -f5 orders.csv | sort | uniq -c | sort -rn") == [
        ("Your last output should be a single line with the biggest count and its item: sort the counts "
         "with sort -rn and keep the first line with head -n 1.")]
    assert failing(c, "cut -d, -f5 orders.csv | uniq -c | head -n 1")[0] == (
        "uniq only counts lines that sit next to each other: sort the items first.")
    assert failing(c, "cut -d, -f5 orders.csv | sort | uniq -c | sort -n | tail -n 1") == []


def test_phone_orders_case_matters(pack):
    c = with_values(pack.challenge("phone-orders"), item="queso")
    assert failing(c, "grep queso phone-orders.txt > queso-calls.txt") == [
        ("Some calls about queso are missing from queso-calls.txt (or are there twice): grep is picky about "
         "capitals, and the phone notes write queso in several ways.")]
    assert failing(c, "grep -i pm phone-orders.txt > queso-calls.txt") == [
        "queso-calls.txt has lines that do not mention queso: keep only the calls about queso.",
        c.checks[2].message]


def test_showdown_wrong_answers(pack):
    c = pack.challenge("barbacoa-showdown")
    counts = ("grep barbacoa orders.csv | grep -c ,LP, > answer.txt\n"
              "grep barbacoa orders.csv | grep -c ,WP, >> answer.txt\n")
    assert failing(c, counts + "echo yes >> answer.txt") == [
        "guess.txt is still there: remove the intern's guess so nobody trusts it instead of your answer."]
    assert failing(c, counts + "echo no >> answer.txt\nrm guess.txt") == [
        ("The third and last line of answer.txt should be your verdict, yes or no: "
         "does LP order more barbacoa than WP?")]
    overwritten = failing(c, "grep barbacoa orders.csv | grep -c ,LP, > answer.txt\n"
                             "grep barbacoa orders.csv | grep -c ,WP, > answer.txt\n")
    assert overwritten == messages(c, 1, 2, 3, 4)
    assert failing(c, "echo 7 > answer.txt\necho 3 >> answer.txt\necho yes >> answer.txt\nrm guess.txt") \
        == messages(c, 5)
