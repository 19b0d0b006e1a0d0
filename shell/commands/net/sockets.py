"""The sockets of a machine as ss and netstat list them: its listening TCP ports (one row per
address family, as sshd and nginx listen on 0.0.0.0 and [::]), from shell/net/links.py."""
from __future__ import annotations

from dataclasses import dataclass

from shelldojo.filesystem import Machine
from shelldojo.shell.net import links

# getservbyport's names for the ports the machines serve (the machine's /etc/services has more)
SERVICES = {20: "ftp-data", 21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp", 53: "domain", 80: "http",
            110: "pop3", 143: "imap2", 443: "https", 3306: "mysql", 5432: "postgresql", 6379: "redis",
            8080: "http-alt"}


@dataclass(frozen=True)
class Socket:
    listener: links.Listener
    ipv6: bool
    fd: int

    @property
    def local(self) -> str:
        return "::" if self.ipv6 else self.listener.address


def listening(machine: Machine, v4: bool = True, v6: bool = True) -> list[Socket]:
    """The listening TCP sockets, IPv4 before IPv6 for each port (as the kernel's table)."""
    found = []
    for listener in links.listeners(machine):
        if v4:
            found.append(Socket(listener, False, 3))
        if v6 and listener.ipv6:
            found.append(Socket(listener, True, 4))
    return found


def service_name(port: int) -> str:
    return SERVICES.get(port, str(port))


def program_of(machine: Machine, pid: int, fallback: str) -> str:
    """What netstat -p names: argv[0] of the process (its base name when it is a path)."""
    proc = machine.procs.get(pid) if pid else None
    first = proc.argv[0] if proc is not None and proc.argv else fallback
    return first.rsplit("/", 1)[-1] if first.startswith("/") else first
