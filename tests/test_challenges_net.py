"""Challenges across machines (issue 16): [setup.machines.NAME], hosts, `machine =` on checks,
the `http` kind, the trainer's saved cloud, the grader replaying answers that ssh to web1."""
from __future__ import annotations

import io
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from shelldojo.challenges import setup_net
from shelldojo.challenges.checks import Observation, evaluate, learner_shell, run_check
from shelldojo.challenges.grade_task import grade_one
from shelldojo.challenges.loader import load_challenge, load_pack
from shelldojo.challenges.model import Check, PackError
from shelldojo.challenges.progress import ProgressStore
from shelldojo.challenges.setup import SetupError, prepare
from shelldojo.challenges.trainer import Trainer
from shelldojo.challenges.validate import validate
from shelldojo.filesystem import ROOT, accounts, acting_as
from shelldojo.shell import registry
from shelldojo.shell.net import links

BASE = """
id = "{id}"
title = "T"
goal = "Do it."
hints = ["h"]
{body}
[solution]
script = "{solution}"
"""
CHECK = '\n[[checks]]\nfile = "menu.txt"\nmachine = "web1"\nmessage = "no menu on web1"\n'


def _write(tmp_path: Path, body: str, solution: str = "true", cid: str = "c") -> str:
    path = tmp_path / f"{cid}.toml"
    path.write_text(BASE.format(id=cid, body=textwrap.dedent(body), solution=solution))
    return str(path)


def _load(tmp_path: Path, body: str, solution: str = "true"):
    return load_challenge(_write(tmp_path, body, solution))


def _error(tmp_path: Path, body: str) -> PackError:
    with pytest.raises(PackError) as info:
        _load(tmp_path, body)
    return info.value


def _needs(*commands: str) -> None:
    missing = [c for c in commands if registry.lookup(c) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not registered yet (engineers T1-T4 are building them)")


def _line_of(path: str, text: str) -> int:
    return next(n for n, line in enumerate(Path(path).read_text().splitlines(), 1) if text in line)


# ----------------------------------------------------------------------------- loading
def test_a_check_naming_an_unknown_machine_is_an_error_with_its_line(tmp_path: Path) -> None:
    exc = _error(tmp_path, '[[checks]]\nfile = "a"\nmachine = "web9"\nmessage = "m"\n')
    assert exc.key == "checks[0].machine"
    assert "no machine 'web9'" in exc.message and "db1, dojo, web1" in exc.message
    assert exc.line == _line_of(exc.path, 'machine = "web9"')


def test_a_check_about_the_learner_takes_no_machine(tmp_path: Path) -> None:
    exc = _error(tmp_path, '[[checks]]\noutput_contains = "hi"\nmachine = "web1"\nmessage = "m"\n')
    assert exc.key == "checks[0].machine" and "learner's own session" in exc.message


def test_a_machine_of_the_pack_can_be_named_by_checks(tmp_path: Path) -> None:
    c = _load(tmp_path, '[setup.machines.kitchen]\n[[checks]]\nfile = "a"\nmachine = "kitchen"\nmessage = "m"\n')
    assert c.checks[0].machine == "kitchen"
    assert c.setup.machines[0].address == "10.0.0.13"     # the next free address of the cloud


@pytest.mark.parametrize(("body", "key", "words"), [
    ('[setup.machines.Web]\n', "setup.machines.Web", "lowercase"),
    ('[setup.machines.dojo]\n', "setup.machines.dojo", "[setup] itself"),
    ('[setup.machines.web1]\ncwd = "/"\n', "setup.machines.web1.cwd", "unknown key"),
    ('[setup.machines.web1]\naddress = "10.0.0.99"\n', "setup.machines.web1.address", "unknown key"),
    ('[setup.machines.kitchen]\naddress = "10.0.0.11"\n', "setup.machines.kitchen.address", "already"),
    ('[setup.machines.kitchen]\naddress = "ten"\n', "setup.machines.kitchen.address", "not an IPv4"),
    ('[setup.machines.web1]\nfiles = [{ path = "" }]\n', "setup.machines.web1.files", "bad path"),
    ('[setup]\nhosts = ["kitchen"]\n', "setup.hosts", "an address and at least one name"),
    ('[setup]\nhosts = ["10.0.0.300 kitchen"]\n', "setup.hosts", "not an IPv4"),
    ('[[checks]]\nhttp = "http://web1/"\nfrom = "web7"\nmessage = "m"\n', "checks[0].from", "no machine"),
    ('[[checks]]\nhttp = "gopher://web1/"\nmessage = "m"\n', "checks[0].http", "http://"),
    ('[[checks]]\nhttp = "http://web1/"\nstatus = 999\nmessage = "m"\n', "checks[0].status", "HTTP status"),
    ('[[setup.machines.web1.http]]\nname = "orders"\nroutes = []\n', "setup.machines.web1.http[0].routes",
     "routes"),
])
def test_bad_cloud_keys_name_their_key(tmp_path: Path, body: str, key: str, words: str) -> None:
    if "[[checks]]" not in body:
        body += CHECK
    exc = _error(tmp_path, body)
    assert exc.key == key and words in exc.message, str(exc)
    assert exc.line > 0


# ----------------------------------------------------------------------------- setup
def test_per_machine_setup_is_applied_to_that_machine(tmp_path: Path) -> None:
    c = _load(tmp_path, """
        [setup]
        hosts = ["10.0.0.11 kitchen"]
        [setup.machines.web1]
        files = [{ path = "notes.txt", content = "soup\\n" }]
        users = [{ name = "cook", password = "cook" }]
        services = [{ name = "ssh", state = "stopped" }]
        [setup.machines.pantry]
        address = "10.0.0.20"
        learner_key = false
        hosts = ["10.0.0.12 cellar"]
    """ + CHECK)
    dojo = prepare(c)
    net = dojo.network
    assert net is not None and net.main_machine is dojo
    web1, pantry = net.machine("web1"), net.machine("pantry")
    assert web1 is not None and pantry is not None
    with acting_as(ROOT):
        assert web1.vfs.read_bytes("/home/learner/notes.txt") == b"soup\n"
        assert web1.vfs.stat("/home/learner/notes.txt").st_uid == 1000
        assert accounts.user_by_name(web1.vfs, "cook") is not None
        assert accounts.user_by_name(dojo.vfs, "cook") is None     # only on web1
        assert b"10.0.0.11 kitchen\n" in dojo.vfs.read_bytes("/etc/hosts")
        assert b"10.0.0.12 cellar\n" in pantry.vfs.read_bytes("/etc/hosts")
        assert not pantry.vfs.exists("/home/learner/.ssh/authorized_keys")
        assert not dojo.vfs.exists(setup_net.PACK_SSH_CONFIG)       # pantry's door needs a password
        known = dojo.vfs.read_bytes("/etc/ssh/ssh_known_hosts")
        key = pantry.vfs.read_bytes("/etc/ssh/ssh_host_ed25519_key.pub").split()[1]
    assert b"pantry,pantry.dojo.internal,10.0.0.20 ssh-ed25519 " + key in known
    assert pantry.hostname == "pantry" and net.resolve(dojo, "pantry") == "10.0.0.20"
    assert net.resolve(dojo, "kitchen") == "10.0.0.11"
    assert links.listening(web1, 22) is None                       # sshd stopped there
    assert links.listening(pantry, 22) is not None
    assert "db1" not in [n.name for n in net.built()]              # not named: still lazy


def test_a_machines_address_may_be_a_variable(tmp_path: Path) -> None:
    from shelldojo.challenges.variants import instantiate

    body = ('[variables]\nhost = { range = [20, 29] }\n[setup.machines.kitchen]\naddress = "10.0.0.{{host}}"\n'
            '[setup]\nhosts = ["10.0.0.{{host}} orders"]\n' + CHECK)
    c = instantiate(_load(tmp_path, body), "ann")
    dojo = prepare(c)
    address = c.setup.machines[0].address
    assert address.startswith("10.0.0.2") and dojo.network.resolve(dojo, "orders") == address
    assert links.peer(dojo, "orders").machine is dojo.network.machine("kitchen")
    clash = _load(tmp_path, '[setup.machines.kitchen]\naddress = "10.0.0.{{host}}"\n[variables]\nhost = [11]\n' + CHECK)
    with pytest.raises(SetupError, match="already web1's"):
        prepare(instantiate(clash, "ann"))


def test_learner_key_false_on_web1_closes_its_door_to_the_dojo_key(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, '[setup.machines.web1]\nlearner_key = false\n' + CHECK))
    with acting_as(ROOT):
        assert not dojo.network.machine("web1").vfs.exists("/home/learner/.ssh/authorized_keys")
        assert dojo.network.machine("db1").vfs.exists("/home/learner/.ssh/authorized_keys")


def test_a_failing_machine_setup_is_a_setup_error(tmp_path: Path) -> None:
    c = _load(tmp_path, '[setup.machines.db1]\nscript = "false"\n' + CHECK)
    with pytest.raises(SetupError, match="setup.script"):
        prepare(c)


# ----------------------------------------------------------------------------- checks
def _check(kind: str, subject: str, machine: str = "", **options: object) -> Check:
    return Check(kind, subject, "m", dict(options), machine=machine)


def test_machine_checks_judge_that_machine(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, '[setup.machines.db1]\nusers = [{ name = "cook" }]\n' + CHECK))
    obs = Observation()
    web1 = dojo.network.machine("web1")
    menu = _check("file", "menu.txt", "web1")
    assert not run_check(menu, dojo, obs).passed
    with acting_as(ROOT):
        dojo.vfs.write_bytes("/home/learner/menu.txt", b"x")
    assert not run_check(menu, dojo, obs).passed                   # dojo's menu is not web1's
    with acting_as(ROOT):
        web1.vfs.write_bytes("/home/learner/menu.txt", b"x")
    assert run_check(menu, dojo, obs).passed
    assert run_check(_check("user_exists", "cook", "db1"), dojo, obs).passed
    assert not run_check(_check("user_exists", "cook"), dojo, obs).passed
    assert run_check(_check("package", "nginx", "web1"), dojo, obs).passed
    assert not run_check(_check("package", "nginx"), dojo, obs).passed
    assert run_check(_check("service", "nginx", "web1", **{"is": "active"}), dojo, obs).passed
    assert run_check(_check("service", "ssh", "db1", **{"is": "active"}), dojo, obs).passed


def test_a_service_stopped_by_the_setup_fails_until_started(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, '[setup.machines.web1]\nservices = [{ name = "nginx", state = "failed", '
                                   'log = "nginx: [emerg] unexpected end of file" }]\n' + CHECK))
    web1 = dojo.network.machine("web1")
    active = _check("service", "nginx", "web1", **{"is": "active"})
    assert not run_check(active, dojo, Observation()).passed
    assert run_check(_check("journal_contains", "[emerg]", "web1", unit="nginx"), dojo, Observation()).passed
    web1.services.start(web1.services.find("nginx"))
    assert run_check(active, dojo, Observation()).passed


def test_a_script_check_on_web1_changes_nothing_there(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, CHECK))
    web1 = dojo.network.machine("web1")
    check = _check("script", "touch /tmp/mark && hostname | grep -qx web1", "web1")
    assert run_check(check, dojo, Observation()).passed
    with acting_as(ROOT):
        assert not web1.vfs.exists("/tmp/mark")


def test_a_check_of_an_unknown_machine_fails_with_a_reason(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, CHECK))
    result = run_check(_check("file", "x", "nowhere"), dojo, Observation())
    assert not result.passed and "nowhere" in (result.error or "")


# ----------------------------------------------------------------------------- http
def test_http_check_fails_when_nothing_answers(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, CHECK))
    assert not run_check(_check("http", "http://nowhere.invalid/", status=200), dojo, Observation()).passed
    assert not run_check(_check("http", "http://db1/", status=200), dojo, Observation()).passed   # no server


def test_http_check_judges_status_body_and_headers(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, '[setup.machines.web1]\nscript = "echo \'<h1>Menu</h1>\' > '
                                   '/var/www/html/menu.html"\n' + CHECK))
    if links.listening(dojo.network.machine("web1"), 80) is None:
        pytest.skip("nginx does not listen yet (shell/net/nginx.py, engineer T3)")
    obs = Observation()
    menu = "http://web1/menu.html"
    web1 = dojo.network.machine("web1")
    with acting_as(ROOT):
        log = web1.vfs.read_bytes("/var/log/nginx/access.log") if web1.vfs.exists("/var/log/nginx/access.log") else b""
    assert run_check(_check("http", menu, status=200, body_contains="Menu"), dojo, obs).passed
    assert run_check(_check("http", menu, body_matches=r"^<h1>\w+</h1>$"), dojo, obs).passed
    assert run_check(_check("http", menu, header="Content-Type: text/html"), dojo, obs).passed
    assert not run_check(_check("http", menu, body_contains="Soup"), dojo, obs).passed
    assert run_check(_check("http", "http://web1/nope", status=404), dojo, obs).passed
    assert run_check(_check("http", "http://localhost/menu.html", **{"from": "web1"}, status=200), dojo,
                     obs).passed
    assert not run_check(_check("http", "http://localhost/menu.html", status=200), dojo, obs).passed
    with acting_as(ROOT):   # the checker's requests leave no trace in the learner's server's log
        assert (web1.vfs.read_bytes("/var/log/nginx/access.log") if web1.vfs.exists("/var/log/nginx/access.log")
                else b"") == log


def test_http_service_of_a_pack(tmp_path: Path) -> None:
    try:
        from shelldojo.shell.net import apps
    except ImportError:
        pytest.skip("no shell/net/apps.py yet (engineer T3)")
    assert apps
    dojo = prepare(_load(tmp_path, """
        [setup.machines.kitchen]
        [[setup.machines.kitchen.http]]
        name = "orders"
        port = 8080
        routes = [{ path = "/orders/A127B", body = '{"id": "A127B"}' }]
    """ + CHECK))
    check = _check("http", "http://kitchen:8080/orders/A127B", status=200, body_contains='"A127B"')
    assert run_check(check, dojo, Observation()).passed


def test_the_authoring_guides_orders_example_works(tmp_path: Path) -> None:
    guide = (Path(__file__).parent.parent / "challenges" / "AUTHORING.md").read_text()
    example = guide.split("### Machines of the cloud", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    c = _load(tmp_path, example)
    dojo = prepare(c)
    assert [r.passed for r in evaluate(c, dojo, Observation())] == [False, True]
    assert links.listening(dojo.network.machine("kitchen"), 8080).service == "orders.service"
    missing = _check("http", "http://orders:8080/orders/Z999Z", status=404)
    assert run_check(missing, dojo, Observation()).passed


# ----------------------------------------------------------------------------- trainer
def _pack(tmp_path: Path, body: str, solution: str = "true") -> str:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "pack.toml").write_text('id = "tiny"\ntitle = "Tiny"\nchallenges = ["c"]\n')
    _write(folder, body, solution)
    return str(folder)


def test_trainer_saves_and_loads_every_machine_of_the_cloud(tmp_path: Path) -> None:
    pack = load_pack(_pack(tmp_path, '[setup.machines.web1]\nfiles = [{ path = "a", content = "1" }]\n' + CHECK))
    store = ProgressStore(str(tmp_path / "p.sqlite3"))
    trainer = Trainer(store, [pack])
    web1 = trainer.active.machine.network.machine("web1")
    with acting_as(ROOT):
        web1.vfs.write_bytes("/home/learner/menu.txt", b"soup\n")
    web1.services.journal.log("ssh.service", "Accepted publickey for learner from 10.0.0.10 port 40000 ssh2")
    web1.services.stop(web1.services.find("nginx"))
    trainer.save_machine("/home/learner")
    store.close()
    again = Trainer(ProgressStore(str(tmp_path / "p.sqlite3")), [pack])
    net = again.active.machine.network
    assert net is not None and again.active.machine is net.main_machine
    with acting_as(ROOT):
        assert net.machine("web1").vfs.read_bytes("/home/learner/menu.txt") == b"soup\n"
    assert all(r.passed for r in again.results) and again.solved
    login = _check("journal_contains", "Accepted publickey for learner", "web1", unit="ssh")
    assert run_check(login, again.active.machine, Observation()).passed   # the journal's last lines came too
    stopped = _check("service", "nginx", "web1", **{"is": "inactive"})
    assert run_check(stopped, again.active.machine, Observation()).passed   # and what the learner stopped


def test_a_copy_of_a_machine_keeps_its_latest_journal_lines(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, CHECK))
    web1 = dojo.network.machine("web1")
    web1.services.journal.log("ssh.service", "Accepted publickey for learner")
    check = _check("script", "journalctl -u ssh | grep -q 'Accepted publickey'", "web1")
    assert run_check(check, dojo, Observation()).passed      # judged in a copy of web1
    assert run_check(_check("journal_contains", "Accepted", "web1"), setup_net.restore(setup_net.snapshot(dojo)),
                     Observation()).passed


def test_trainer_loads_an_old_save_of_one_machine(tmp_path: Path) -> None:
    from shelldojo.filesystem.archive import save_tar
    from shelldojo.shell.machines import fresh_machine

    pack = load_pack(_pack(tmp_path, CHECK))
    store = ProgressStore(str(tmp_path / "p.sqlite3"))
    old = fresh_machine()
    with acting_as(ROOT):
        old.vfs.write_bytes("/home/learner/kept", b"1")
    buf = io.BytesIO()
    save_tar(old, buf)
    store.set_current("tiny", "c")
    store.save_machine("tiny", "c", zlib.compress(buf.getvalue()))
    trainer = Trainer(store, [pack])
    assert not trainer.notice
    machine = trainer.active.machine
    with acting_as(ROOT):
        assert machine.vfs.read_bytes("/home/learner/kept") == b"1"
    assert machine.network is not None and machine.network.machine("web1") is not None


def test_the_learners_shell_is_the_one_on_their_machine(tmp_path: Path) -> None:
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput, NullInput

    dojo = prepare(_load(tmp_path, CHECK))
    session = Session(dojo, user="learner", stdin=NullInput(), stdout=BufferOutput(), stderr=BufferOutput(),
                      cwd="/tmp")
    web1 = dojo.network.machine("web1")
    session.push_shell(session.state.creds, {}, "/home/learner", login=True, machine=web1)
    assert session.machine is web1
    assert learner_shell(session).cwd == "/tmp" and learner_shell(session).machine is dojo
    cwd = Check("cwd", "/tmp", "m")
    assert run_check(cwd, dojo, Observation(cwd=learner_shell(session).cwd)).passed


# ----------------------------------------------------------------------------- grader and validate
SSH_BODY = '[setup.machines.web1]\nfiles = [{ path = "old.txt", content = "x" }]\n' + CHECK


def test_grader_sees_what_an_answer_did_over_ssh(tmp_path: Path) -> None:
    _needs("ssh")
    c = _load(tmp_path, SSH_BODY, "ssh web1 touch menu.txt")
    wrong = grade_one(c, "ann", "touch menu.txt", timeout=20)
    right = grade_one(c, "bob", "ssh web1 touch menu.txt", timeout=20)
    again = grade_one(c, "cid", "ls", timeout=20)       # bob's web1 is not the next student's
    assert not wrong.passed and right.passed and not again.passed, (wrong, right, again)


def test_each_student_gets_a_copy_of_the_prepared_cloud(tmp_path: Path) -> None:
    dojo = prepare(_load(tmp_path, SSH_BODY))
    snap = setup_net.snapshot(dojo)
    one, two = setup_net.restore(snap), setup_net.restore(snap)
    web1 = one.network.machine("web1")
    with acting_as(ROOT):
        web1.vfs.write_bytes("/home/learner/menu.txt", b"x")
        assert two.network.machine("web1").vfs.read_bytes("/home/learner/old.txt") == b"x"
    menu = _check("file", "menu.txt", "web1")
    assert run_check(menu, one, Observation()).passed and not run_check(menu, two, Observation()).passed
    assert one.network is not two.network and two.network.main_machine is two


def test_validate_runs_reference_solutions_on_the_cloud(tmp_path: Path) -> None:
    _needs("ssh")
    report = validate([_pack(tmp_path, SSH_BODY, "ssh web1 touch menu.txt")])
    assert report.problems == [] and report.checked == 1
    bad = validate([_pack(tmp_path / "b", SSH_BODY, "touch menu.txt")]) if (tmp_path / "b").mkdir() is None else None
    assert bad is not None and any("fails the check file = 'menu.txt'" in p for p in bad.problems)


# ----------------------------------------------------------------------------- host safety
_WATCHING: list[bool] = []
_EVENTS: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if _WATCHING and (event.startswith("socket.") or event in ("subprocess.Popen", "os.system", "os.exec",
                                                              "os.posix_spawn", "os.fork")):
        _EVENTS.append(event)


def test_cloud_solutions_open_no_host_socket_and_start_no_process() -> None:
    """Pack 7's reference solutions (ssh, scp, curl, ping... on every variant validate plays) run
    under an audit hook watching sockets and host processes: none may appear."""
    import socket

    from shelldojo.challenges.loader import builtin_pack_dirs

    folders = [d for d in builtin_pack_dirs() if d.endswith("07-clouds")]
    assert folders
    if not _WATCHING:
        sys.addaudithook(_audit)   # stays for the process: it records only while _WATCHING
    _WATCHING.append(True)
    try:
        socket.gethostname()       # the hook hears socket events (this one touches no network)
        heard, _EVENTS[:] = list(_EVENTS), []
        report = validate(folders)
    finally:
        _WATCHING.clear()
    assert heard == ["socket.gethostname"]
    assert _EVENTS == []
    assert report.problems == [] and report.checked >= 8
