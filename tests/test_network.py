"""The sandbox's network core: machines by name, resolution, saving a whole cloud, session hopping."""
from __future__ import annotations

import io
import tarfile

import pytest
from shelldojo.filesystem import ROOT, accounts, acting_as
from shelldojo.filesystem.archive import ArchiveError
from shelldojo.shell.cloud import fresh_cloud, load_cloud, save_cloud
from shelldojo.shell.net import links
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

H = "/home/learner"


def test_other_machines_are_built_on_first_use() -> None:
    net = fresh_cloud()
    assert [n.name for n in net.built()] == ["dojo"]
    web1 = net.machine("web1")
    assert web1 is not None and web1.hostname == "web1" and web1.network is net
    assert net.machine("web1") is web1
    assert net.machine("nowhere") is None


def test_names_resolve_from_hosts_network_and_literals() -> None:
    net = fresh_cloud()
    dojo = net.main_machine
    assert net.resolve(dojo, "web1") == "10.0.0.11"
    assert net.resolve(dojo, "DB1.dojo.internal.") == "10.0.0.12"
    assert net.resolve(dojo, "localhost") == "127.0.0.1"
    assert net.resolve(dojo, "10.0.0.99") == "10.0.0.99"
    assert net.resolve(dojo, "nowhere.invalid") is None
    with acting_as(ROOT):
        dojo.vfs.write_bytes("/etc/hosts", b"127.0.0.1 localhost\n10.0.0.11 kitchen # the cook\n")
    assert net.resolve(dojo, "kitchen") == "10.0.0.11"
    assert net.name_of("10.0.0.12") == "db1"


def test_connect_tells_refused_from_unroutable_and_unknown() -> None:
    dojo = fresh_cloud().main_machine
    _peer, what = links.connect(dojo, "web1", 22)
    assert isinstance(what, links.Listener) and what.program == "sshd"
    assert links.connect(dojo, "db1", 80)[1] is links.Failure.REFUSED
    assert links.connect(dojo, "10.0.0.99", 22)[1] is links.Failure.NO_ROUTE
    assert links.connect(dojo, "nowhere.invalid", 22) == (None, links.Failure.NO_NAME)


def test_the_learner_key_lives_outside_the_home_directory() -> None:
    net = fresh_cloud()
    dojo, web1 = net.main_machine, net.machine("web1")
    assert web1 is not None
    with acting_as(ROOT):
        assert sorted(dojo.vfs.listdir(H)) == [".bash_logout", ".bashrc", ".profile"]
        pub = dojo.vfs.read_bytes("/etc/ssh/dojo/learner/id_ed25519.pub")
        assert web1.vfs.read_bytes(f"{H}/.ssh/authorized_keys") == pub
        assert dojo.vfs.stat("/etc/ssh/dojo/learner/id_ed25519").st_mode & 0o777 == 0o600


def test_a_saved_cloud_keeps_every_machine_it_reached() -> None:
    net = fresh_cloud()
    web1 = net.machine("web1")
    assert web1 is not None
    with acting_as(ROOT):
        web1.vfs.write_bytes("/var/www/html/index.html", b"menu\n")
        net.main_machine.vfs.write_bytes(f"{H}/note", b"n\n")
    buf = io.BytesIO()
    save_cloud(net, buf)
    data = buf.getvalue()
    # the learner's tree stays a plain tar any reader understands
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = tar.getnames()
    assert "home/learner/note" in names and not any(n.startswith("var/www") for n in names
                                                     if not n.endswith(".machine.tar"))
    back = load_cloud(data)
    assert [n.name for n in back.built()] == ["dojo", "web1"]
    with acting_as(ROOT):
        assert back.main_machine.vfs.read_bytes(f"{H}/note") == b"n\n"
        again = back.machine("web1")
        assert again is not None and again.vfs.read_bytes("/var/www/html/index.html") == b"menu\n"
    assert back.machine("db1") is not None   # still made on demand


def test_a_snapshot_restores_the_same_cloud() -> None:
    net = fresh_cloud()
    web1 = net.machine("web1")
    assert web1 is not None
    with acting_as(ROOT):
        web1.vfs.write_bytes("/tmp/x", b"1")
    copy = fresh_cloud()
    copy.restore(net.snapshot())
    other = copy.machine("web1")
    assert other is not None and other is not web1
    with acting_as(ROOT):
        assert other.vfs.read_bytes("/tmp/x") == b"1"


@pytest.mark.parametrize("headers, why", [
    ({"SHELLDOJO.machine": "a/b"}, "bad machine member"),
    ({"SHELLDOJO.machine": "web1", "SHELLDOJO.address": "300.1.1.1"}, "machine 'web1'"),
])
def test_hostile_machine_members_are_refused(headers: dict[str, str], why: str) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("x.machine.tar")
        inner = io.BytesIO()
        with tarfile.open(fileobj=inner, mode="w"):
            pass
        info.size, info.pax_headers = len(inner.getvalue()), headers
        tar.addfile(info, io.BytesIO(inner.getvalue()))
    if headers["SHELLDOJO.machine"] == "web1":
        # a known machine keeps its own address: only a new name's address is read
        net = load_cloud(buf.getvalue())
        assert net.nodes["web1"].address == "10.0.0.11"
        return
    with pytest.raises(ArchiveError, match=why):
        load_cloud(buf.getvalue())


def test_a_login_on_another_machine_follows_and_comes_back() -> None:
    net = fresh_cloud()
    web1 = net.machine("web1")
    assert web1 is not None
    out, err = BufferOutput(), BufferOutput()
    session = Session(net.main_machine, interactive=True, stdout=out, stderr=err)
    creds = accounts.credentials_for(web1.vfs, "learner")
    assert creds is not None
    session.push_shell(creds, {"HOME": H, "USER": "learner", "PATH": "/usr/bin:/bin"}, H, login=True,
                       machine=web1, farewell="Connection to web1 closed.\n", tty="pts/1")
    assert session.machine is web1 and session.login_machine is net.main_machine
    session.run_source("hostname; cat /etc/hostname; exit 4\n")
    assert out.getvalue().decode() == "web1\nweb1\n"
    assert err.getvalue().decode().endswith("Connection to web1 closed.\n")
    assert session.machine is net.main_machine and session.state.status == 4
    assert not session.exited


def test_a_login_shows_the_servers_message_of_the_day() -> None:
    net = fresh_cloud()
    out = BufferOutput()
    status = Session(net.main_machine, stdout=out, stderr=out).run_source(
        "ssh web1 'run-parts --lsbsysinit /etc/update-motd.d'")
    assert status == 0
    text = out.getvalue().decode()
    assert text.startswith("Welcome to Ubuntu 22.04.4 LTS (GNU/Linux 5.15.0-")
    assert text.endswith("x86_64)\n\n * Documentation:  https://help.ubuntu.com\n"
                        " * Management:     https://landscape.canonical.com\n"
                        " * Support:        https://ubuntu.com/pro\n")


def test_run_parts_lsbsysinit_names() -> None:
    from tests.hostile import run_source_in_process

    script = ("mkdir d; for n in 00-a b.dpkg-old Cap x.y 10-b_c; do printf 'echo %s\\n' $n > d/$n; done;"
              " chmod +x d/*; run-parts --list d; echo --; run-parts --lsbsysinit --list d")
    status, out, _err = run_source_in_process(script)
    assert status == 0
    assert out == "d/00-a\nd/10-b_c\nd/Cap\n--\nd/00-a\n"


def test_a_service_started_over_ssh_runs_its_start_checks() -> None:
    # ExecStartPre (nginx -t) runs for a command that came in over ssh too: a broken
    # configuration fails the restart as on a real server, and nothing answers on port 80
    net = fresh_cloud()
    out = BufferOutput()
    status = Session(net.main_machine, stdout=out, stderr=out).run_source(
        "ssh web1 \"sudo sed -i 's/^\\tlisten 80 default_server;/\\tlistn 80 default_server;/'"
        " /etc/nginx/sites-available/default; sudo systemctl restart nginx\"; echo rc=$?;"
        " curl -s http://web1/; echo curl=$?")
    text = out.getvalue().decode()
    assert status == 0
    assert "Job for nginx.service failed because the control process exited with error code." in text
    assert "rc=1\n" in text and text.endswith("curl=7\n")
