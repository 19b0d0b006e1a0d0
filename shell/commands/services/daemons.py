"""The daemons' own programs, for a learner who runs them by hand (systemd starts the real ones)."""
from __future__ import annotations

from shelldojo.shell.context import Context
from shelldojo.shell.registry import command


@command("nginx", family="services", directory="/usr/sbin", package="nginx",
         summary="nginx web/proxy server")
def nginx(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if args[:1] in (["-v"], ["-V"]):
        ctx.err("nginx version: nginx/1.18.0 (Ubuntu)\n")
        return 0
    if args[:1] == ["-t"] or args[:2] == ["-t", "-q"]:
        if not ctx.creds.is_root:
            ctx.err('nginx: [alert] could not open error log file: open() "/var/log/nginx/error.log" failed '
                    "(13: Permission denied)\n")
            return 1
        ctx.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                "nginx: configuration file /etc/nginx/nginx.conf test is successful\n")
        return 0
    if args and args[0].startswith("-") and args[0] not in ("-g", "-s", "-c", "-q"):
        ctx.err(f'nginx: invalid option: "{args[0][1:]}"\n')
        return 1
    if not ctx.creds.is_root:
        ctx.err('nginx: [alert] could not open error log file: open() "/var/log/nginx/error.log" failed '
                "(13: Permission denied)\n")
        return 1
    if ctx.machine.services.state("nginx").active == "active" and args[:1] != ["-s"]:
        ctx.err("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n" * 5
                + "nginx: [emerg] still could not bind()\n")
        return 1
    return 0


@command("cron", family="services", directory="/usr/sbin", package="cron", summary="daemon to execute scheduled commands")
def cron(ctx: Context, argv: list[str]) -> int:
    if not ctx.creds.is_root:
        ctx.err("cron: can't open or create /var/run/crond.pid: Permission denied\n")
        return 1
    st = ctx.machine.services.state("cron")
    if st.active == "active":
        ctx.err(f"cron: can't lock /var/run/crond.pid, otherpid may be {st.main_pid}: "
                "Resource temporarily unavailable\n")
        return 1
    return 0


@command("sshd", family="services", directory="/usr/sbin", package="openssh-server", summary="OpenSSH daemon")
def sshd(ctx: Context, argv: list[str]) -> int:
    if not argv[0].startswith("/"):
        ctx.err("sshd re-exec requires execution with an absolute path\n")
        return 1
    if not ctx.creds.is_root:
        ctx.err("sshd: no hostkeys available -- exiting.\n")
        return 1
    return 0
