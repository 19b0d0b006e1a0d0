"""service (sysvinit-utils 3.01): on a systemd machine it hands the job to systemctl."""
from __future__ import annotations

from shelldojo.shell.commands.services.systemctl import systemctl
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command

USAGE = "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n"
ACTIONS = ("start", "stop", "restart", "reload", "force-reload", "status", "try-restart")


@command("service", family="services", directory="/usr/sbin", summary="run a System V init script")
def service(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if not args or args[0] in ("-h", "--help"):
        ctx.err(USAGE)
        return 1 if not args else 0
    if args[0] in ("-V", "--version"):
        ctx.out("service ver. 1.62\n")
        return 0
    name = args[0]
    if ctx.machine.services.find(name) is None:
        ctx.err(f"{name}: unrecognized service\n")
        return 1
    action = args[1] if len(args) > 1 else ""
    if action == "--full-restart":
        action = "restart"
    if action == "force-reload":
        action = "restart"
    if action not in ACTIONS:
        # the unit exists but the action is not one systemctl takes from service(8)
        ctx.err(USAGE)
        return 1
    return systemctl(ctx, ["systemctl", action, name])
