"""systemctl (systemd 249, Ubuntu 22.04) over the machine's service manager.

Without a polkit agent a non-root user is refused (`Interactive authentication required.`,
status 1), as a non-interactive systemctl on Ubuntu is.  Output never goes through a pager:
nothing here draws on a terminal.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from shelldojo.filesystem.services import ServiceManager
from shelldojo.filesystem.units import Unit, unit_name
from shelldojo.shell import unit_runner
from shelldojo.shell.commands.services.render import can_read_journal, status_block
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command

AUTH = "Interactive authentication required."
LEGEND = ("\nLOAD   = Reflects whether the unit definition was properly loaded.\n"
          "ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n"
          "SUB    = The low-level unit activation state, values depend on unit type.\n")
VALUE_OPTS = {"-t": "type", "--type": "type", "-n": "lines", "--lines": "lines", "--state": "state"}
FLAGS = {"-q": "quiet", "--quiet": "quiet", "--no-pager": "", "-l": "", "--full": "", "-a": "all",
         "--all": "all", "--now": "now", "--no-legend": "no_legend", "--system": "", "--no-ask-password": ""}


@dataclass
class Opts:
    quiet: bool = False
    all: bool = False
    now: bool = False
    no_legend: bool = False
    type: str = ""
    state: str = ""
    lines: int = 10
    args: list[str] = field(default_factory=list)


def parse(ctx: Context, argv: list[str]) -> Opts | None:
    opts = Opts()
    it = iter(argv)
    for arg in it:
        if arg == "--":
            opts.args += list(it)
            break
        if not arg.startswith("-") or arg == "-":
            opts.args.append(arg)
            continue
        key, _eq, value = arg.partition("=") if arg.startswith("--") else (arg[:2], "", arg[2:])
        if key in VALUE_OPTS:
            if not value:
                value = next(it, None)  # type: ignore[assignment]
                if value is None:
                    ctx.err(f"systemctl: option '{arg}' requires an argument\n" if arg.startswith("--")
                            else f"systemctl: option requires an argument -- '{arg[1]}'\n")
                    return None
            name = VALUE_OPTS[key]
            if name == "lines":
                if not value.isdigit():
                    ctx.err(f"Failed to parse lines '{value}'\n")
                    return None
                opts.lines = int(value)
            else:
                setattr(opts, name, value)
        elif arg in FLAGS:
            if FLAGS[arg]:
                setattr(opts, FLAGS[arg], True)
        else:
            ctx.err(f"systemctl: unrecognized option '{arg}'\n" if arg.startswith("--")
                    else f"systemctl: invalid option -- '{arg[1]}'\n")
            return None
    return opts


def _refused(ctx: Context, verb: str, name: str) -> int:
    ctx.err(f"Failed to {verb} {name}: {AUTH}\nSee system logs and 'systemctl status {name}' for details.\n")
    return 1


def _warn_changed(ctx: Context, mgr: ServiceManager, unit: Unit) -> None:
    if mgr.changed_on_disk(unit):
        ctx.err(f"Warning: The unit file, source configuration file or drop-ins of {unit.name} changed on "
                "disk. Run 'systemctl daemon-reload' to reload units.\n")


def _job(ctx: Context, verb: str, opts: Opts) -> int:
    """start, stop, restart, reload (and try-restart): each unit in turn."""
    if not opts.args:
        ctx.err("Too few arguments.\n")
        return 1
    mgr = ctx.machine.services
    status = 0
    for raw in opts.args:
        name = unit_name(raw)
        if not ctx.creds.is_root:
            status = _refused(ctx, verb, name)
            continue
        unit = mgr.find(name)
        if unit is None:
            missing = "not loaded" if verb == "stop" else "not found"
            ctx.err(f"Failed to {verb} {name}: Unit {name} {missing}.\n")
            status = 5
            continue
        _warn_changed(ctx, mgr, unit)
        mgr.check_alive(name)
        if verb in ("stop", "restart"):
            mgr.stop(unit)
        if verb == "reload":
            if mgr.state(name).active != "active":
                ctx.err(f"Failed to reload {name}: Job type reload is not applicable for unit {name}.\n")
                status = 1
                continue
            if not unit.exec_reload:
                ctx.err(f"Failed to reload {name}: Job type reload is not applicable for unit {name}.\n")
                status = 1
                continue
            if not mgr.reload_with(unit, unit_runner.runner(ctx)):
                ctx.err(f"Job for {name} failed because the control process exited with error code.\n"
                        f'See "systemctl status {name}" and "journalctl -xeu {name}" for details.\n')
                status = 1
                continue
        if verb in ("start", "restart") and not mgr.start(unit, run=unit_runner.runner(ctx)) \
                and unit.type != "simple":
            ctx.err(f"Job for {name} failed because the control process exited with error code.\n"
                    f'See "systemctl status {name}" and "journalctl -xeu {name}" for details.\n')
            status = 1
    return status


def _status(ctx: Context, opts: Opts) -> int:
    mgr = ctx.machine.services
    if not opts.args:
        ctx.err("shelldojo: systemctl status without a unit is not simulated; name a unit\n")
        return 1
    status, first = 0, True
    for raw in opts.args:
        name = unit_name(raw)
        unit = mgr.find(name)
        if unit is None:
            ctx.err(f"Unit {name} could not be found.\n")
            status = 4
            continue
        mgr.check_alive(name)
        _warn_changed(ctx, mgr, unit)
        st = mgr.state(name)
        journal = mgr.journal.for_unit(unit.name) if can_read_journal(ctx) and opts.lines else None
        if not first:
            ctx.out("\n")
        first = False
        ctx.out(status_block(ctx.machine, unit, st, mgr.enabled(unit), list(mgr.processes(name)),
                             journal, opts.lines))
        if st.active != "active" and status == 0:
            status = 3
    return status


def _is_active(ctx: Context, opts: Opts, failed: bool = False) -> int:
    if not opts.args:
        ctx.err("Too few arguments.\n")
        return 1
    mgr = ctx.machine.services
    status = 1 if failed else 3
    for raw in opts.args:
        name = unit_name(raw)
        mgr.check_alive(name)
        word = mgr.state(name).active
        if not opts.quiet:
            ctx.out(word + "\n")
        if word == ("failed" if failed else "active"):
            status = 0
    return status


def _is_enabled(ctx: Context, opts: Opts) -> int:
    if not opts.args:
        ctx.err("Too few arguments.\n")
        return 1
    mgr = ctx.machine.services
    status = 1
    for raw in opts.args:
        name = unit_name(raw)
        unit = mgr.find(name)
        if unit is None:
            ctx.err(f"Failed to get unit file state for {name}: No such file or directory\n")
            continue
        word = mgr.enabled(unit)
        if not opts.quiet:
            ctx.out(word + "\n")
        if word in ("enabled", "static"):
            status = 0
    return status


def _enable(ctx: Context, opts: Opts, enable: bool) -> int:
    verb = "enable" if enable else "disable"
    if not opts.args:
        ctx.err("Too few arguments.\n")
        return 1
    if not ctx.creds.is_root:
        ctx.err(f"Failed to {verb} unit: {AUTH}\n")
        return 1
    mgr = ctx.machine.services
    units = []
    for raw in opts.args:
        unit = mgr.find(unit_name(raw))
        if unit is None:
            ctx.err(f"Failed to {verb} unit: Unit file {unit_name(raw)} does not exist.\n")
            return 1
        units.append(unit)
    for unit in units:
        if enable:
            if not unit.wanted_by and not opts.quiet:
                ctx.err("The unit files have no installation config (WantedBy=, RequiredBy=, Also=,\n"
                        "Alias= settings in the [Install] section, and DefaultInstance= for template\n"
                        "units). This means they are not meant to be enabled using systemctl.\n")
            for link, target in mgr.enable(unit):
                if not opts.quiet:
                    ctx.err(f"Created symlink {link} \u2192 {target}.\n")
            if opts.now:
                mgr.start(unit, run=unit_runner.runner(ctx))
        else:
            for link in mgr.disable(unit):
                if not opts.quiet:
                    ctx.err(f"Removed {link}.\n")
            if opts.now:
                mgr.stop(unit)
    return 0


def _list_units(ctx: Context, opts: Opts) -> int:
    if opts.type and opts.type not in ("service", "help"):
        ctx.err(f"Unknown unit type or load state '{opts.type}'.\n")
        return 1
    mgr = ctx.machine.services
    rows = []
    for name in mgr.names():
        mgr.check_alive(name)
        st = mgr.state(name)
        if not opts.all and st.active == "inactive":
            continue
        if opts.state and opts.state not in (st.active, st.sub):
            continue
        unit = mgr.find(name)
        rows.append(("\u25cf" if st.active == "failed" else " ", name, "loaded", st.active, st.sub,
                     unit.title if unit else name))
    if not rows:
        ctx.out("0 loaded units listed." + (" Pass --all to see loaded but inactive units, too.\n"
                                             if not opts.all else "\n"))
        ctx.out("To show all installed unit files use 'systemctl list-unit-files'.\n")
        return 0
    head = ("", "UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION")
    widths = [max(len(r[i]) for r in [*rows, head]) for i in range(5)]
    def line(r: tuple[str, ...]) -> str:
        return " ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + " " + r[5]
    if not opts.no_legend:
        ctx.out(line(head) + "\n")
    ctx.out("".join(line(r) + "\n" for r in rows))
    if not opts.no_legend:
        ctx.out(LEGEND + f"{len(rows)} loaded units listed.")
        ctx.out(" Pass --all to see loaded but inactive units, too.\n" if not opts.all else "\n")
        ctx.out("To show all installed unit files use 'systemctl list-unit-files'.\n")
    return 0


def _daemon_reload(ctx: Context, opts: Opts) -> int:
    if not ctx.creds.is_root:
        ctx.err(f"Failed to reload daemon: {AUTH}\n")
        return 1
    ctx.machine.services.daemon_reload()
    return 0


VERBS: dict[str, Callable[[Context, Opts], int]] = {
    "start": lambda c, o: _job(c, "start", o),
    "stop": lambda c, o: _job(c, "stop", o),
    "restart": lambda c, o: _job(c, "restart", o),
    "reload": lambda c, o: _job(c, "reload", o),
    "status": _status,
    "is-active": _is_active,
    "is-failed": lambda c, o: _is_active(c, o, failed=True),
    "is-enabled": _is_enabled,
    "enable": lambda c, o: _enable(c, o, True),
    "disable": lambda c, o: _enable(c, o, False),
    "list-units": _list_units,
    "daemon-reload": _daemon_reload,
}


@command("systemctl", family="services", summary="Control the systemd system and service manager")
def systemctl(ctx: Context, argv: list[str]) -> int:
    opts = parse(ctx, argv[1:])
    if opts is None:
        return 1
    verb = opts.args.pop(0) if opts.args else "list-units"
    handler = VERBS.get(verb)
    if handler is None:
        ctx.err(f"Unknown command verb {verb}.\n")
        return 1
    return handler(ctx, opts)
