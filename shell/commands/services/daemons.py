"""The daemons' own programs, for a learner who runs them by hand (systemd starts the real ones)."""
from __future__ import annotations

from shelldojo.shell.context import Context
from shelldojo.shell.registry import command

NGINX_CONF = "/etc/nginx/nginx.conf"
NGINX_ALERT = ('nginx: [alert] could not open error log file: open() "/var/log/nginx/error.log" failed '
               "(13: Permission denied)\n")


@command("nginx", family="services", directory="/usr/sbin", package="nginx",
         summary="nginx web/proxy server")
def nginx(ctx: Context, argv: list[str]) -> int:
    """-v/-V, -t/-T (check, and dump, the configuration on disk), -q, -g, -c, -s SIGNAL."""
    from shelldojo.shell.net import nginx as server
    from shelldojo.shell.net.nginx_conf import ConfigError, load

    args, flags, signal = argv[1:], set(), ""
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg in ("-g", "-c", "-s", "-p", "-e"):
            if i >= len(args):
                ctx.err(f'nginx: option "{arg}" requires {"signal number" if arg == "-s" else "parameter"}\n')
                return 1
            signal = args[i] if arg == "-s" else signal
            i += 1
        elif arg.startswith("-") and len(arg) > 1 and all(c in "vVtTqh?" for c in arg[1:]):
            flags.update(arg[1:])
        else:
            ctx.err(f'nginx: invalid option: "{arg.removeprefix("-")}"\n')
            return 1
    if flags & {"v", "V"}:
        ctx.err(f"nginx version: {server.SERVER}\n")
        return 0
    if not ctx.creds.is_root:
        ctx.err(NGINX_ALERT)
        return 1
    if flags & {"t", "T"} or signal == "reload":
        try:
            config = load(ctx.machine)
        except ConfigError as exc:
            ctx.err(f"nginx: [emerg] {exc}\n")
            if flags & {"t", "T"}:
                ctx.err(f"nginx: configuration file {NGINX_CONF} test failed\n")
            return 1
        if flags & {"t", "T"}:
            if "q" not in flags:
                ctx.err(f"nginx: the configuration file {NGINX_CONF} syntax is ok\n"
                        f"nginx: configuration file {NGINX_CONF} test is successful\n")
            if "T" in flags:
                for path, text in config.files.items():
                    ctx.out(f"# configuration file {path}:\n{text}\n")
            return 0
    up = ctx.machine.services.state(server.UNIT).active == "active"
    if signal:
        if signal not in ("stop", "quit", "reopen", "reload"):
            ctx.err(f'nginx: invalid option: "-s {signal}"\n')
            return 1
        if not up:
            ctx.err('nginx: [error] open() "/run/nginx.pid" failed (2: No such file or directory)\n')
            return 1
        if signal == "reload":
            server.reload(ctx.machine)
        elif signal in ("stop", "quit"):
            unit = ctx.machine.services.find(server.UNIT)
            if unit is not None:
                ctx.machine.services.stop(unit)
        return 0
    if up:
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
