"""Services as a learner meets systemd: units, systemctl, service, journalctl, the journal,
the challenge setup key `services` and the check kind `service` (issue 14, P5)."""
from __future__ import annotations

import pytest
from shelldojo.challenges.check_kinds import KINDS
from shelldojo.challenges.model import Check, Observation, ServiceSpec, Setup
from shelldojo.challenges.setup import apply_setup, run_as
from shelldojo.filesystem import Machine
from shelldojo.shell.machines import fresh_machine

NGINX = "A high performance web server and a reverse proxy server"


def sh(machine: Machine, script: str, user: str = "root") -> tuple[int, str, str]:
    return run_as(machine, user, script)


@pytest.fixture
def nginx() -> Machine:
    m = fresh_machine()
    status, _out, err = sh(m, "apt-get install -y -qq nginx >/dev/null")
    assert status == 0
    assert err == ("Created symlink /etc/systemd/system/multi-user.target.wants/nginx.service "
                   "\u2192 /lib/systemd/system/nginx.service.\n")
    return m


def test_apt_installs_unit_enables_and_starts_it(nginx: Machine) -> None:
    _status, out, _ = sh(nginx, "systemctl is-active nginx; systemctl is-enabled nginx; "
                               "readlink /etc/systemd/system/multi-user.target.wants/nginx.service; "
                               "ps -e -o user,args | grep '[n]ginx'")
    assert out == ("active\nenabled\n/lib/systemd/system/nginx.service\n"
                   "root     nginx: master process /usr/sbin/nginx -g daemon on; master_process on;\n"
                   "www-data nginx: worker process\nwww-data nginx: worker process\n")


def test_status_layout_active(nginx: Machine) -> None:
    status, out, _ = sh(nginx, "systemctl status nginx")
    lines = out.split("\n")
    assert status == 0
    assert lines[0] == f"\u25cf nginx.service - {NGINX}"
    assert lines[1] == "     Loaded: loaded (/lib/systemd/system/nginx.service; enabled; vendor preset: enabled)"
    assert lines[2].startswith("     Active: active (running) since ") and " UTC; " in lines[2]
    assert lines[2].endswith(" ago")
    assert lines[3] == "       Docs: man:nginx(8)"
    assert lines[4].startswith("   Main PID: ") and lines[4].endswith(" (nginx)")
    assert "     CGroup: /system.slice/nginx.service" in lines
    assert any(line.startswith("             \u251c\u2500") and line.endswith(
        ' "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;"') for line in lines)
    assert lines[-2].endswith(f"dojo systemd[1]: Started {NGINX}.") and lines[-1] == ""


def test_stop_status_inactive_and_journal(nginx: Machine) -> None:
    _status, out, _ = sh(nginx, "systemctl stop nginx; systemctl status nginx; echo st=$?; "
                               "systemctl is-active nginx; echo $?; ps -e -o comm | grep -c nginx")
    assert out.startswith(f"\u25cb nginx.service - {NGINX}\n")
    assert "     Active: inactive (dead) since " in out
    assert out.endswith("st=3\ninactive\n3\n0\n")
    assert f"systemd[1]: Stopping {NGINX}...\n" in out
    assert "systemd[1]: nginx.service: Deactivated successfully.\n" in out
    _, journal, _ = sh(nginx, "journalctl -u nginx --no-pager -n 1")
    assert journal.startswith("-- Journal begins at ")
    assert journal.split("\n")[1].endswith(f" dojo systemd[1]: Stopped {NGINX}.")
    _, syslog, _ = sh(nginx, "tail -n 1 /var/log/syslog")
    assert syslog.endswith(f" dojo systemd[1]: Stopped {NGINX}.\n")


def test_unknown_units() -> None:
    m = fresh_machine()
    _status, out, err = sh(m, "systemctl start nosuch; echo $?; systemctl status nosuch; echo $?; "
                             "systemctl stop nosuch; echo $?; systemctl enable nosuch; echo $?; "
                             "systemctl is-enabled nosuch; echo $?; service nosuch start; echo $?")
    assert out == "5\n4\n5\n1\n1\n1\n"
    assert err == ("Failed to start nosuch.service: Unit nosuch.service not found.\n"
                   "Unit nosuch.service could not be found.\n"
                   "Failed to stop nosuch.service: Unit nosuch.service not loaded.\n"
                   "Failed to enable unit: Unit file nosuch.service does not exist.\n"
                   "Failed to get unit file state for nosuch.service: No such file or directory\n"
                   "nosuch: unrecognized service\n")


def test_learner_is_refused_without_polkit_agent(nginx: Machine) -> None:
    _status, out, err = sh(nginx, "systemctl restart nginx; echo $?; systemctl disable nginx; echo $?; "
                                 "service nginx stop; echo $?; systemctl is-active nginx", user="learner")
    assert out == "1\n1\n1\nactive\n"
    assert err == ("Failed to restart nginx.service: Interactive authentication required.\n"
                   "See system logs and 'systemctl status nginx.service' for details.\n"
                   "Failed to disable unit: Interactive authentication required.\n"
                   "Failed to stop nginx.service: Interactive authentication required.\n"
                   "See system logs and 'systemctl status nginx.service' for details.\n")
    # sudo works, as the learner is in group sudo
    _status, out, _ = sh(nginx, "echo learner | sudo -S systemctl stop nginx 2>/dev/null; systemctl is-active nginx",
                        user="learner")
    assert out == "inactive\n"


def test_learner_sees_no_journal_without_adm(nginx: Machine) -> None:
    status, out, err = sh(nginx, "journalctl -u nginx", user="learner")
    assert (status, out) == (0, "-- No entries --\n")
    assert err.startswith("Hint: You are currently not seeing messages from other users and the system.\n")


def test_enable_disable_print_symlinks(nginx: Machine) -> None:
    _status, out, err = sh(nginx, "systemctl disable nginx; systemctl is-enabled nginx; systemctl enable nginx")
    assert out == "disabled\n"
    assert err == ("Removed /etc/systemd/system/multi-user.target.wants/nginx.service.\n"
                   "Created symlink /etc/systemd/system/multi-user.target.wants/nginx.service "
                   "\u2192 /lib/systemd/system/nginx.service.\n")


def test_learner_written_unit_runs_as_model_process() -> None:
    m = fresh_machine()
    script = ("printf '#!/bin/bash\\nwhile true; do sleep 60; done\\n' > /usr/local/bin/oven.sh\n"
              "chmod +x /usr/local/bin/oven.sh\n"
              "printf '[Unit]\\nDescription=The oven\\n[Service]\\nExecStart=/usr/local/bin/oven.sh\\n"
              "User=learner\\n[Install]\\nWantedBy=multi-user.target\\n' > /etc/systemd/system/oven.service\n")
    mkdir = "mkdir -p /etc/systemd/system\n"
    _status, out, err = sh(m, mkdir + script + "systemctl daemon-reload; systemctl enable --now oven 2>/dev/null; "
                          "systemctl is-active oven; ps -o user=,args= -C oven.sh")
    assert out == "active\nlearner  /bin/bash /usr/local/bin/oven.sh\n", err


def test_missing_executable_fails_with_exec_status() -> None:
    m = fresh_machine()
    _status, out, _err = sh(m, "mkdir -p /etc/systemd/system; printf '[Service]\\nExecStart=/nope\\n' "
                             "> /etc/systemd/system/bad.service; systemctl start bad; echo $?; "
                             "systemctl is-active bad; systemctl status bad | grep -e Active -e 'Main PID' -e EXEC")
    assert out.startswith("0\nfailed\n     Active: failed (Result: exit-code) since ")
    assert "(code=exited, status=203/EXEC)\n" in out
    assert "bad.service: Failed at step EXEC spawning /nope: No such file or directory\n" in out


def test_kill_main_process_by_hand_fails_the_service(nginx: Machine) -> None:
    _status, out, _ = sh(nginx, "kill -9 $(systemctl status nginx | sed -n 's/.*Main PID: \\([0-9]*\\).*/\\1/p'); "
                               "systemctl is-active nginx")
    assert out == "failed\n"


def test_list_units_and_failed_marker(nginx: Machine) -> None:
    apply_setup(nginx, Setup(services=(ServiceSpec("nginx", "failed", "nginx: [emerg] unknown directive"),)))
    _status, out, _ = sh(nginx, "systemctl list-units --type=service --no-legend")
    assert f"\u25cf nginx.service            loaded failed failed  {NGINX}\n" in out
    _, log, _ = sh(nginx, "journalctl -u nginx -q | tail -4 | cut -d' ' -f5-")
    assert log == ("nginx[" + log.split("nginx[")[1].split("]")[0] + "]: nginx: [emerg] unknown directive\n"
                   "systemd[1]: nginx.service: Main process exited, code=exited, status=1/FAILURE\n"
                   "systemd[1]: nginx.service: Failed with result 'exit-code'.\n"
                   f"systemd[1]: Failed to start {NGINX}.\n")


def test_state_survives_clone_and_check_kind(nginx: Machine) -> None:
    apply_setup(nginx, Setup(services=(ServiceSpec("nginx", "stopped", enabled=False),)))
    clone = nginx.clone()
    kind = KINDS["service"]
    obs = Observation()

    def judge(machine: Machine, want: str) -> bool:
        return kind.judge(Check("service", "nginx", "m", {"is": want}), machine, obs)

    assert judge(clone, "inactive") and judge(clone, "disabled") and not judge(clone, "active")
    sh(clone, "systemctl enable --now nginx 2>/dev/null")
    assert judge(clone, "active") and judge(clone, "enabled")
    again = clone.clone()
    assert judge(again, "active")
    _, out, _ = sh(again, "ps -e -o comm= | grep -c nginx")
    assert out == "3\n"          # the model processes came back in the new process table


def test_service_wrapper_and_journal_options(nginx: Machine) -> None:
    _status, out, err = sh(nginx, "service nginx restart; service nginx status | head -1; service; echo $?; "
                                 "journalctl -u nginx -n 2 -q | wc -l; journalctl --bogus; echo $?")
    assert out == f"\u25cf nginx.service - {NGINX}\n1\n2\n1\n"
    assert err == ("Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n"
                   "journalctl: unrecognized option '--bogus'\n")


def test_apt_remove_stops_service(nginx: Machine) -> None:
    _status, out, _ = sh(nginx, "apt-get remove -y -qq nginx >/dev/null; ps -e -o comm= | grep -c nginx; "
                               "ls /etc/systemd/system/multi-user.target.wants; test -L /lib && echo lib-kept")
    assert out == "0\nlib-kept\n"


def test_check_kind_validates_its_option() -> None:
    opt = KINDS["service"].options[0]
    assert opt.verify is not None
    assert opt.verify("running") == "expected one of active, inactive, failed, enabled, disabled"
    assert opt.verify("active") is None


def test_hostile_state_file_is_ignored() -> None:
    m = fresh_machine()
    sh(m, "mkdir -p /run/systemd; echo '{\"states\": {\"x.service\": {\"bogus\": 1}}, \"journal\": [[1, 2]]}' "
          "> /run/systemd/shelldojo-units.json")
    clone = m.clone()
    _status, out, err = sh(clone, "systemctl is-active x; journalctl -q")
    assert (out, err) == ("inactive\n-- No entries --\n", "")


def test_loader_setup_key_and_solution(tmp_path) -> None:
    from shelldojo.challenges.checks import evaluate
    from shelldojo.challenges.loader import load_challenge
    from shelldojo.challenges.model import PackError
    from shelldojo.challenges.setup import prepare
    head = 'id = "oven"\ntitle = "t"\ngoal = "g"\nhints = ["h"]\n[setup]\npackages = ["nginx"]\n'
    tail = ('[[checks]]\nservice = "nginx"\nis = "active"\nmessage = "nginx is down"\n'
            '[solution]\nscript = "sudo systemctl restart nginx"\n')
    path = tmp_path / "oven.toml"
    path.write_text(head + 'services = [{ name = "nginx", state = "failed", log = "nginx: [emerg] bad" }]\n' + tail)
    challenge = load_challenge(str(path))
    machine = prepare(challenge)
    assert [r.passed for r in evaluate(challenge, machine, Observation())] == [False]
    run_as(machine, "root", challenge.solution)
    assert [r.passed for r in evaluate(challenge, machine, Observation())] == [True]
    path.write_text(head + 'services = [{ name = "nginx", state = "broken" }]\n' + tail)
    with pytest.raises(PackError, match="expected one of active, stopped, failed"):
        load_challenge(str(path))
