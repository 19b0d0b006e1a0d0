"""The built-in packs 1 (first-steps) and 2 (organising): they validate, and wrong answers
get the specific message written for that way of failing."""
from __future__ import annotations

import os

import pytest
from shelldojo.challenges.checks import evaluate, visible
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.model import Challenge
from shelldojo.challenges.replay import replay
from shelldojo.challenges.setup import prepare
from shelldojo.challenges.validate import validate
from shelldojo.challenges.variants import instantiate

PACKS = os.path.join(os.path.dirname(__file__), "..", "challenges", "packs")
FIRST = os.path.join(PACKS, "01-first-steps")
ORGANISING = os.path.join(PACKS, "02-organising")


def _challenge(folder: str, cid: str, seed: str = "student-1") -> Challenge:
    challenge = load_pack(folder).challenge(cid)
    assert challenge is not None, cid
    return instantiate(challenge, seed)


def failing(folder: str, cid: str, script: str, seed: str = "student-1") -> list[str]:
    """Messages of the visible checks that fail after `script` is typed in a fresh setup."""
    challenge = _challenge(folder, cid, seed)
    machine = prepare(challenge)
    obs, _session = replay(machine, challenge, script)
    return [r.message for r in visible(evaluate(challenge, machine, obs)) if not r.passed]


@pytest.mark.parametrize("folder", [FIRST, ORGANISING], ids=["first-steps", "organising"])
def test_pack_validates(folder: str) -> None:
    report = validate([folder])
    assert report.problems == []
    assert report.checked == 10


@pytest.mark.parametrize("folder", [FIRST, ORGANISING], ids=["first-steps", "organising"])
def test_every_challenge_teaches_and_hints(folder: str) -> None:
    pack = load_pack(folder)
    for c in pack.challenges:
        assert 1 <= len(c.cards) <= 3, c.id
        assert 2 <= len(c.hints) <= 3, c.id
        assert all(card.examples for card in c.cards), c.id


# --- pack 1: first steps -------------------------------------------------------------------

def test_first_steps_untouched_shows_first_message() -> None:
    assert failing(FIRST, "where-am-i", "") == ["You have not asked the terminal where you are yet."]


def test_first_steps_pwd_then_something_else() -> None:
    assert failing(FIRST, "where-am-i", "pwd\ntrue") == [
        "Your last command did not print where you are: run pwd as your last command."]


def test_first_steps_plain_ls_misses_hidden_note() -> None:
    assert failing(FIRST, "what-is-here", "ls") == [
        "Your last listing did not show the night shift's hidden note: ask ls for all files."]


def test_first_steps_kitchen_made_as_a_file() -> None:
    msgs = failing(FIRST, "kitchen-folder", "touch kitchen")
    assert msgs[0] == ("kitchen exists, but it is a file: it should be a directory. "
                       "Remove it (rm kitchen) and use mkdir.")


def test_first_steps_special_with_a_typo() -> None:
    msgs = failing(FIRST, "first-line", "echo special of the day: barbacoa bowl > kitchen/special.txt")
    assert msgs == [("kitchen/special.txt should hold exactly one line: Special of the day: barbacoa "
                    "burrito bowl (check spelling, capitals and spaces).")]


def test_first_steps_single_redirect_loses_the_prep_list() -> None:
    msgs = failing(FIRST, "append-line", 'echo "warm tortillas" > kitchen/prep-list.txt')
    assert msgs[0].startswith("The three original tasks are no longer in kitchen/prep-list.txt")


def test_first_steps_listing_not_sorted_by_size() -> None:
    msgs = failing(FIRST, "read-the-manual", "ls kitchen/deliveries > kitchen/by-size.txt")
    assert len(msgs) == 1 and msgs[0].startswith("kitchen/by-size.txt lists the deliveries, but not")


def test_first_steps_moving_around_stops_too_deep() -> None:
    c = _challenge(FIRST, "moving-around")
    hood = c.setup.dirs[0].split("/")[3]
    msgs = failing(FIRST, "moving-around", f"cd restaurants/CMG/CHI/{hood}/orders")
    assert msgs == [(f"You are not in restaurants/CMG/CHI/{hood} right now: finish there, one level "
                    "above orders (pwd tells you where you are).")]


def test_first_steps_clear_without_history() -> None:
    assert failing(FIRST, "clean-slate", "clear") == [
        "You have not looked back at the commands you typed yet."]


# --- pack 2: organising --------------------------------------------------------------------

def test_organising_quoted_braces_make_a_literal_folder() -> None:
    msgs = failing(ORGANISING, "more-neighbourhoods", "mkdir -p 'restaurants/CMG/CHI/{LP,WP,RN}/orders'")
    assert msgs[0].startswith("A folder literally named {LP,WP,RN} appeared")


def test_organising_mv_instead_of_cp() -> None:
    c = _challenge(ORGANISING, "copy-order")
    dest = c.checks[0].subject.rsplit("/", 1)[0]
    msgs = failing(ORGANISING, "copy-order", f"mv restaurants/CMG/CHI/LP/orders/A127B {dest}/")
    assert msgs == [("Lincoln Park lost its own copy of A127B: cp copies, mv moves. "
                    "Type dojo reset and copy it instead.")]


def test_organising_cp_without_r() -> None:
    c = _challenge(ORGANISING, "copy-order")
    dest = c.checks[0].subject
    msgs = failing(ORGANISING, "copy-order", f"cp restaurants/CMG/CHI/LP/orders/A127B {dest}")
    assert msgs == [c.checks[0].message]


def test_organising_rename_by_making_a_new_folder() -> None:
    c = _challenge(ORGANISING, "rename-order")
    right = c.checks[1].subject.rsplit("/", 1)[1]
    wrong = c.checks[0].subject.rsplit("/", 1)[1]
    assert failing(ORGANISING, "rename-order", f"mkdir orders/{right}") == [
        f"The folder with the wrong label, orders/{wrong}, is still there."]
    msgs = failing(ORGANISING, "rename-order", f"mkdir orders/{right}\nrm -r orders/{wrong}")
    assert len(msgs) == 1 and msgs[0].startswith(f"orders/{right} exists, but the receipt is not inside it")


def test_organising_copying_tickets_leaves_the_inbox_full() -> None:
    msgs = failing(ORGANISING, "wildcard-move", "cp restaurants/CMG/CHI/LP/inbox/*.csv restaurants/CMG/CHI/LP/tickets/")
    assert msgs == ["There are still .csv files in the inbox: they should be moved, not copied."]


def test_organising_removing_every_ticket() -> None:
    msgs = failing(ORGANISING, "cancel-order", "rm restaurants/CMG/CHI/LP/tickets/*.csv")
    assert len(msgs) == 1 and msgs[0].startswith("Other tickets were removed too")


def test_organising_removing_the_whole_city() -> None:
    msgs = failing(ORGANISING, "close-neighbourhood", "rm -r restaurants/CMG/CHI")
    assert msgs == ["Lincoln Park's orders were removed too! Type dojo reset, and remove only RN.",
                    "Wicker Park's orders were removed too! Type dojo reset, and remove only RN."]


def test_organising_find_in_one_neighbourhood_only() -> None:
    msgs = failing(ORGANISING, "find-orders", "find restaurants/CMG/CHI/LP -name 'A1*'")
    assert msgs[0].startswith("Your last command did not list Wicker Park's A131C")


def test_organising_tidy_up_copying_instead_of_moving() -> None:
    script = ("cd restaurants/CMG/CHI/LP\nmkdir -p archive/{may,june}\ncp tickets/05-* archive/may/\n"
              "mv tickets/06-* archive/june/\nrm tickets/*.tmp\nrmdir orders/A133C")
    assert failing(ORGANISING, "tidy-up", script) == [
        "Some May or June tickets are still in LP/tickets: move them, do not copy them."]
