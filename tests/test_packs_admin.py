"""Packs 4 ("Creating users") and 5 ("Download and install"): they validate, every
variant's solution passes, and typical wrong answers fail with the message that explains them."""
from __future__ import annotations

import dataclasses
import os

import pytest
from shelldojo.challenges.checks import evaluate
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.model import Challenge, Pack
from shelldojo.challenges.replay import replay
from shelldojo.challenges.setup import prepare
from shelldojo.challenges.validate import validate
from shelldojo.challenges.variants import instantiate

PACKS = os.path.join(os.path.dirname(__file__), "..", "challenges", "packs")
USERS = os.path.join(PACKS, "04-users")
INSTALL = os.path.join(PACKS, "05-install")


@pytest.fixture(scope="module")
def users() -> Pack:
    return load_pack(USERS)


@pytest.fixture(scope="module")
def install() -> Pack:
    return load_pack(INSTALL)


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


@pytest.mark.parametrize(("folder", "count"), [(USERS, 9), (INSTALL, 8)])
def test_pack_validates(folder: str, count: int) -> None:
    report = validate([folder])
    assert report.problems == []
    assert report.checked == count


@pytest.mark.parametrize(("folder", "kinds"), [
    (USERS, {"user_exists", "user_in_group", "owner", "mode", "script", "command_used"}),
    (INSTALL, {"package", "package_missing", "output_contains", "output_equals", "command_used"}),
])
def test_pack_shape(folder: str, kinds: set[str]) -> None:
    pack = load_pack(folder)
    assert kinds <= {check.kind for c in pack.challenges for check in c.checks}
    assert sum(bool(c.variables) for c in pack.challenges) >= 2
    for c in pack.challenges:
        assert 1 <= len(c.cards) <= 3 and all(2 <= len(card.examples) <= 3 for card in c.cards)
        assert 2 <= len(c.hints) <= 3
        assert all(check.message for check in c.checks)


@pytest.mark.parametrize("folder", [USERS, INSTALL])
def test_every_variant_solution_passes(folder: str) -> None:
    for c in load_pack(folder).challenges:
        for name, choices in c.variables.items():
            for value in choices:
                inst = with_values(c, **{name: value})
                assert failing(inst, inst.solution) == [], (c.id, value)


# ----------------------------------------------------------------------------- pack 4

def test_who_am_i_needs_id_last(users: Pack) -> None:
    c = users.challenge("who-am-i")
    assert failing(c, "whoami") == messages(c, 1, 2)
    assert failing(c, "id\nwhoami") == messages(c, 2)


def test_station_must_be_the_group_name_only(users: Pack) -> None:
    c = with_values(users.challenge("my-station"), station="salsa")
    assert failing(c, "groups\ngroups > station.txt") == messages(c, 2)
    assert failing(c, "echo salsa > station.txt") == messages(c, 0)


def test_private_file_group_still_reads(users: Pack) -> None:
    c = users.challenge("private-prices")
    assert failing(c, "chmod 640 supplier-prices.txt") == messages(c, 2, 3)
    assert failing(c, "chmod 400 supplier-prices.txt") == messages(c, 3)
    assert failing(c, "ls -l") == messages(c, 1, 2, 3)


def test_script_run_without_execute_bit(users: Pack) -> None:
    c = users.challenge("opening-script")
    assert failing(c, "bash open-kitchen.sh") == messages(c, 1)
    assert failing(c, "chmod +x open-kitchen.sh") == messages(c, 2)


def test_new_cook_without_sudo_or_home(users: Pack) -> None:
    c = users.challenge("new-cook")
    assert failing(c, "useradd -m chef") == messages(c, 0, 1, 2)
    assert failing(c, "sudo useradd chef") == messages(c, 1, 2)


def test_password_needs_root(users: Pack) -> None:
    c = users.challenge("chef-password")
    assert failing(c, "echo chef:tortilla | chpasswd") == messages(c, 1)


def test_usermod_without_append_drops_sudo(users: Pack) -> None:
    c = users.challenge("cooks-group")
    script = "sudo groupadd cooks\nsudo usermod -aG cooks chef\nsudo usermod -G cooks learner"
    assert failing(c, script) == messages(c, 3)
    assert failing(c, "sudo groupadd cooks") == messages(c, 1, 2)


def test_shared_recipes_wrong_modes(users: Pack) -> None:
    c = users.challenge("shared-recipes")
    assert failing(c, "chgrp cooks recipes\nchmod 770 recipes") == messages(c, 5)
    assert failing(c, "chgrp cooks recipes\nchmod 775 recipes") == messages(c, 4, 5)
    assert failing(c, "chmod 770 recipes") == messages(c, 1, 3, 5)


def test_order_handover(users: Pack) -> None:
    c = with_values(users.challenge("order-handover"), hood="LP", order="A127B")
    assert failing(c, "sudo chown -R chef restaurants") == messages(c, 2, 3)
    assert failing(c, "chown chef:cooks restaurants/CMG/CHI/LP/orders/A127B/ticket.txt") == messages(c, 1, 2)
    assert "A127B" in c.checks[1].message and "LP" in c.goal


# ----------------------------------------------------------------------------- pack 5

def test_apt_update_needs_sudo(install: Pack) -> None:
    c = install.challenge("refresh-lists")
    assert failing(c, "apt update") == messages(c, 0, 1)


def test_tree_must_be_used(install: Pack) -> None:
    c = install.challenge("install-tree")
    assert failing(c, "tree restaurants") == messages(c, 0, 1, 2)  # a command not found was never used
    assert failing(c, "sudo apt install tree\nls -R restaurants") == messages(c, 1, 2)


def test_which_needs_both_programs(install: Pack) -> None:
    c = install.challenge("where-programs-live")
    assert failing(c, "which tree") == messages(c, 2)


def test_cow_sentence_is_exact(install: Pack) -> None:
    c = with_values(install.challenge("cow-announces"), order="C318D")
    assert failing(c, "sudo apt install -y cowsay\ncowsay order C318D") == messages(c, 2)
    assert failing(c, "sudo apt install cowsay") == messages(c, 0, 1, 2)  # apt asks; no terminal: Abort


def test_jq_names_need_raw_output(install: Pack) -> None:
    c = install.challenge("staff-names")
    assert failing(c, "sudo apt install -y jq\njq '.[] | .name' users.json") == messages(c, 3)
    assert failing(c, "sudo apt install -y jq\ncat users.json") == messages(c, 1, 3)


def test_jq_select_answer_file(install: Pack) -> None:
    c = with_values(install.challenge("staff-by-neighbourhood"), hood="WP")
    quoted = "jq '.[] | select(.neighbourhood == \"WP\") | .name' users.json > staff-WP.txt"
    assert failing(c, quoted) == messages(c, 1, 2)
    assert failing(c, "printf 'sofia\\n' > staff-WP.txt") == messages(c, 2, 3)


def test_high_score_needs_the_join(install: Pack) -> None:
    c = install.challenge("high-scores")
    assert failing(c, "sqlite3 kitchen.db 'SELECT * FROM scores ORDER BY score DESC LIMIT 1;'") == messages(c, 1, 2)
    everything = ("sqlite3 kitchen.db 'SELECT users.name, scores.score FROM users JOIN scores "
                  "ON scores.user_id = users.id ORDER BY scores.score DESC;'")
    assert failing(c, everything) == messages(c, 2)


def test_remove_only_sl(install: Pack) -> None:
    c = install.challenge("remove-package")
    assert failing(c, "sudo apt remove -y sl tree") == messages(c, 1)
    assert failing(c, "apt remove -y sl") == messages(c, 0)
