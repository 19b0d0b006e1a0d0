"""Unit files as systemd reads them: the keys a learner meets, and the daemons' models.

`parse_unit` reads [Unit] Description/Documentation, [Service] ExecStart/ExecStartPre/
ExecReload/Type/User and [Install] WantedBy/Alias; everything else is kept in `text` only.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field


@dataclass
class Unit:
    name: str
    path: str
    description: str = ""
    documentation: list[str] = field(default_factory=list)
    exec_start: list[str] = field(default_factory=list)     # argv ("-" and "@" prefixes dropped)
    exec_start_pre: list[str] = field(default_factory=list)
    exec_reload: str = ""
    type: str = "simple"
    user: str = ""
    wanted_by: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def title(self) -> str:
        """How systemd names the unit in its messages: its Description, else its name."""
        return self.description or self.name


def parse_unit(name: str, path: str, text: str) -> Unit:
    """The keys of an INI-style unit file (later assignments win, as in systemd)."""
    unit = Unit(name, path, text=text)
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, eq, value = line.partition("=")
        if not eq:
            continue
        key, value = key.strip(), value.strip()
        if section == "Unit" and key == "Description":
            unit.description = value
        elif section == "Unit" and key == "Documentation":
            unit.documentation += value.split()
        elif section == "Service" and key in ("ExecStart", "ExecStartPre"):
            try:
                argv = shlex.split(value.lstrip("-@:+!"))
            except ValueError:
                argv = value.lstrip("-@:+!").split()
            if key == "ExecStart":
                unit.exec_start = argv
            else:
                unit.exec_start_pre = argv
        elif section == "Service" and key == "ExecReload":
            unit.exec_reload = value
        elif section == "Service" and key == "Type":
            unit.type = value
        elif section == "Service" and key == "User":
            unit.user = value
        elif section == "Install" and key == "WantedBy":
            unit.wanted_by += value.split()
        elif section == "Install" and key == "Alias":
            unit.aliases += value.split()
    return unit


def unit_name(name: str) -> str:
    """`nginx` -> `nginx.service` (systemctl's mangling of a bare name)."""
    return name if "." in name.rsplit("/", 1)[-1] else name + ".service"


# What ps shows for the daemons of the catalog's packages: (argv as one title, user, count).
# nginx rewrites its argv into a title; the workers run as www-data, one per core.
DAEMON_MODELS: dict[str, list[tuple[str, str, int]]] = {
    "nginx": [("nginx: master process /usr/sbin/nginx -g daemon on; master_process on;", "root", 1),
              ("nginx: worker process", "www-data", 2)],
    "cron": [("/usr/sbin/cron -f -P", "root", 1)],
    "sshd": [("sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", "root", 1)],
}
