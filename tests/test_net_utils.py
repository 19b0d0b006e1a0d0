"""ping, ip, ss, netstat, hostname -I, host/nslookup/dig, getent hosts and nc on the default cloud."""
from __future__ import annotations

import time

import pytest
from shelldojo.shell.cloud import fresh_cloud
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, BytesInput

from tests.hostile import run_c


def sh(script: str, machine: str = "dojo", user: str = "learner", stdin: bytes = b"",
       limits: Limits | None = None, solo: bool = False) -> tuple[int, str, str]:
    """Run `script` on a machine of a fresh default cloud (or a machine with no network)."""
    target = fresh_machine() if solo else fresh_cloud().machine(machine)
    assert target is not None
    out, err = BufferOutput(), BufferOutput()
    session = Session(target, user=user, stdin=BytesInput(stdin), stdout=out, stderr=err, limits=limits)
    status = session.run_source(script)
    return status, out.getvalue().decode(), err.getvalue().decode()


# ----------------------------------------------------------------------------- ping
def test_done_when_ping_web1_from_shelldojo_run() -> None:
    outcome = run_c("ping -c 1 web1")
    outcome.assert_clean()
    stdout = outcome.stdout.decode()
    assert "1 packets transmitted, 1 received, 0% packet loss" in stdout
    assert stdout.startswith("PING web1 (10.0.0.11) 56(84) bytes of data.\n64 bytes from web1 (10.0.0.11): icmp_seq=1 ttl=64 time=")


def test_ping_is_deterministic_and_shaped_as_iputils() -> None:
    status, out, _ = sh("ping -c 3 -i 0.002 db1")
    assert status == 0
    lines = out.splitlines()
    assert [line.split(" time=")[0] for line in lines[1:4]] == [
        f"64 bytes from db1 (10.0.0.12): icmp_seq={n} ttl=64" for n in (1, 2, 3)]
    assert lines[4:6] == ["", "--- db1 ping statistics ---"]
    assert lines[6].startswith("3 packets transmitted, 3 received, 0% packet loss, time ")
    assert lines[7].startswith("rtt min/avg/max/mdev = ")
    assert sh("ping -c 3 -i 0.002 db1")[1] == out   # no clock, no randomness


def test_ping_errors_and_unreachable() -> None:
    assert sh("ping -c 1 nowhere.invalid") == (2, "", "ping: nowhere.invalid: Name or service not known\n")
    assert sh("ping") == (1, "", "ping: usage error: Destination address required\n")
    assert sh("ping -c x web1") == (1, "", "ping: invalid argument: 'x'\n")
    status, out, _ = sh("ping -c 2 -i 0.002 10.0.0.99")
    assert status == 1
    assert "From 10.0.0.10 icmp_seq=2 Destination Host Unreachable\n" in out
    assert "2 packets transmitted, 0 received, +2 errors, 100% packet loss" in out


def test_ping_loopback_quiet_and_numeric() -> None:
    status, out, _ = sh("ping -q -c 1 localhost; ping -c 1 10.0.0.11")
    assert status == 0
    assert out.startswith("PING localhost (127.0.0.1) 56(84) bytes of data.\n\n--- localhost ping statistics ---\n")
    assert "64 bytes from 10.0.0.11: icmp_seq=1 ttl=64" in out


def test_ping_without_count_waits_on_the_budget() -> None:
    began = time.monotonic()
    status, out, err = sh("ping web1", limits=Limits(wall_time_s=0.6))
    assert status == 124 and "time limit exceeded" in err
    assert "icmp_seq=1 " in out and time.monotonic() - began < 5


# ----------------------------------------------------------------------------- ip, hostname, getent
def test_ip_addr_route_and_brief() -> None:
    status, out, _ = sh("ip a; ip -br a; ip r; ip -4 a show eth0")
    assert status == 0
    assert ("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n"
            "    link/ether 52:54:00:00:00:0a brd ff:ff:ff:ff:ff:ff\n"
            "    inet 10.0.0.10/24 brd 10.0.0.255 scope global eth0\n") in out
    assert "eth0             UP             10.0.0.10/24 fe80::5054:ff:fe00:a/64 \n" in out
    assert "default via 10.0.0.1 dev eth0 proto static \n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.10 \n" in out
    assert sh("ip foo") == (1, "", 'Object "foo" is unknown, try "ip help".\n')
    assert sh("ip a s eth9") == (1, "", 'Device "eth9" does not exist.\n')


def test_ip_on_web1_has_its_own_address() -> None:
    assert "inet 10.0.0.11/24 brd 10.0.0.255 scope global eth0" in sh("ip a", machine="web1")[1]


def test_hostname_addresses_and_getent_hosts() -> None:
    assert sh("hostname -I; hostname -i; hostname -A") == (0, "10.0.0.10 \n127.0.1.1\ndojo.dojo.internal \n", "")
    assert sh("hostname -I", machine="db1")[1] == "10.0.0.12 \n"
    assert sh("getent hosts web1; getent hosts 10.0.0.12") == (0, "10.0.0.11       web1\n10.0.0.12       db1\n", "")
    assert sh("getent hosts nowhere.invalid")[0] == 2


# ----------------------------------------------------------------------------- ss, netstat
def test_ss_on_web1_lists_ssh_and_http() -> None:
    status, out, _ = sh("ss -tln", machine="web1")
    assert status == 0
    assert out.splitlines()[0] == "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess"
    assert "LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          \n" in out
    assert "LISTEN 0      511             [::]:80           [::]:*          \n" in out


def test_ss_processes_only_for_root() -> None:
    _, out, _ = sh("ss -tlnp", machine="web1")
    assert "users:" not in out
    _, out, _ = sh("ss -tlnp", machine="web1", user="root")
    assert 'users:(("sshd",pid=' in out and 'users:(("nginx",pid=' in out


def test_ss_follows_the_service_state() -> None:
    _, out, _ = sh("systemctl stop ssh; ss -tln", machine="web1", user="root")
    assert ":22 " not in out and ":80 " in out


def test_netstat_needs_net_tools() -> None:
    status, _, _ = sh("netstat -tln", machine="web1")
    assert status == 127
    status, out, _ = sh("apt-get install -y -qq net-tools >/dev/null 2>&1; netstat -tlnp", machine="web1", user="root")
    assert status == 0
    assert out.startswith("Active Internet connections (only servers)\n"
                          "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n")
    assert "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      " in out
    assert "tcp6       0      0 :::80                   :::*                    LISTEN      " in out


# ----------------------------------------------------------------------------- DNS
def test_host_nslookup_dig() -> None:
    assert sh("host web1") == (0, "web1 has address 10.0.0.11\n", "")
    assert sh("host nowhere.invalid") == (1, "Host nowhere.invalid not found: 3(NXDOMAIN)\n", "")
    assert sh("host 10.0.0.11") == (0, "11.0.0.10.in-addr.arpa domain name pointer web1.dojo.internal.\n", "")
    assert sh("nslookup db1")[1] == ("Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\n"
                                     "Non-authoritative answer:\nName:\tdb1\nAddress: 10.0.0.12\n\n")
    assert sh("nslookup nowhere.invalid")[0] == 1
    assert sh("dig +short web1; dig -x 10.0.0.12 +short") == (0, "10.0.0.11\nweb1.dojo.internal.\n"
                                                             .replace("web1.dojo", "db1.dojo"), "")
    out = sh("dig web1")[1]
    assert ";web1.\t\t\t\tIN\tA\n" in out and "web1.\t\t\t0\tIN\tA\t10.0.0.11\n" in out
    assert "status: NXDOMAIN" in sh("dig nowhere.invalid")[1]


def test_resolv_conf_names_the_stub_resolver() -> None:
    assert "nameserver 127.0.0.53\n" in sh("cat /etc/resolv.conf")[1]


# ----------------------------------------------------------------------------- nc
def test_nc_scan_and_refused() -> None:
    assert sh("nc -zv web1 22") == (0, "", "Connection to web1 (10.0.0.11) 22 port [tcp/ssh] succeeded!\n")
    assert sh("nc -zv web1 81") == (1, "", "nc: connect to web1 (10.0.0.11) port 81 (tcp) failed: Connection refused\n")
    assert sh("nc -z web1 81") == (1, "", "")
    assert sh("nc -z nowhere.invalid 80") == (
        1, "", 'nc: getaddrinfo for host "nowhere.invalid" port 80: Name or service not known\n')
    assert sh("nc web1") == (1, "", "nc: missing port number\n")


def test_nc_talks_to_sshd_and_nginx() -> None:
    assert sh("nc web1 22 </dev/null") == (0, "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n", "")
    status, out, _ = sh("nc web1 80", stdin=b"GET / HTTP/1.0\r\n\r\n")
    assert status == 0 and out.startswith("HTTP/1.1 200 OK\r\n") and "Welcome to nginx" in out


# ----------------------------------------------------------------------------- a machine alone
@pytest.mark.parametrize("script", ["ping -c 1 web1", "nc -z web1 22", "host web1"])
def test_without_a_network_the_cloud_is_unknown(script: str) -> None:
    status, _, _ = sh(script, solo=True)
    assert status != 0


def test_without_a_network_loopback_still_answers() -> None:
    status, out, _ = sh("ping -c 1 127.0.0.1; ip -br -4 a", solo=True)
    assert status == 0 and "1 received" in out and "10.0.0.10/24" in out
