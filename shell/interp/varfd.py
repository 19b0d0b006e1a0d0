"""`{name}>file` redirections (bash's REDIR_VARASSIGN), for the Redirector of redirect.py.

The shell picks the lowest free fd >= 10 (fcntl F_DUPFD 10), opens or duplicates onto it and
assigns its number to name (an array element too: `{a[1]}>f`).  `{name}>&-` closes the fd
whose number name holds.  bash 5.2 leaves such an fd open after the command unless
`shopt -s varredir_close`; `exec` keeps it in any case.
"""
from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from shelldojo.shell.interp.state import ReadonlyError
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.interp.redirect import Redirector, Stream

SHELL_FD_BASE = 10
MAX_FDS = 1024  # Ubuntu's default `ulimit -n`
_ELEMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[(.+)\]", re.DOTALL)
_NUMBER = re.compile(r"\s*[-+]?[0-9]+\s*")  # bash's legal_number


def apply(red: Redirector, r: ast.Redirect, table: dict[int, Stream]) -> None:
    """One `{name}OP target` redirection onto table."""
    name = r.varname
    assert name is not None
    if r.op in (">&", "<&") and red.target_text(r) == "-":
        red.close_fd(table, _value(red, name))
        return
    fd = _free_fd(red, r, table)
    red.apply_one(dataclasses.replace(r, fd=fd, varname=None), table)
    try:
        _assign(red, name, str(fd))
    except ReadonlyError:
        red.interp.error(red.ctx, f"{name}: readonly variable")
        raise red.fail(f"{name}: cannot assign fd to variable") from None
    red.var_fds.append(fd)


def keep(red: Redirector, table: dict[int, Stream]) -> None:
    """After the redirections: the shell itself keeps the new fds (not closed with the
    command), unless varredir_close is on."""
    interp = red.interp
    if "varredir_close" in interp.state.options:
        return
    for fd in red.var_fds:
        stream = table[fd]
        if stream in red.opened:
            red.opened.remove(stream)
        interp.fd_override[fd] = stream
    interp.fd_version += 1


def _free_fd(red: Redirector, r: ast.Redirect, table: dict[int, Stream]) -> int:
    st = red.interp.state
    soft = st.ulimits.get(("n", "S"), MAX_FDS)
    limit = MAX_FDS if soft is None else min(MAX_FDS, soft)
    for fd in range(SHELL_FD_BASE, limit):
        if red.is_free(table, fd):
            return fd
    # bash: F_DUPFD fails; a message without the line number, then the redirection's
    red.ctx.err(f"{st.script_name}: redirection error: cannot duplicate fd: Too many open files\n")
    raise red.fail(f"{red.target_text(r)}: Too many open files")


def _value(red: Redirector, name: str) -> int:
    """The fd number name holds (bash's redir_varvalue): unset, empty or negative is an
    ambiguous redirect; bash 5.2 misreads legal_number's failure, so a value that is not a
    number means fd 0, and a value past an int is truncated to one."""
    from shelldojo.shell.interp import expand
    m = _ELEMENT.fullmatch(name)
    if m is not None:
        param = ast.ParamSub(m.group(1), index=ast.Word([ast.Lit(m.group(2))]), braced=True)
        text: str | None = expand.expand_word(red.interp, ast.Word([param]))
    else:
        text = red.interp.state.get(name)
    if not text:
        raise red.fail(f"{name}: ambiguous redirect")
    value = int(text) if _NUMBER.fullmatch(text) else 0
    if not -2**63 <= value < 2**63:
        value = 0  # legal_number: out of range is "not a number"
    fd = (value + 2**31) % 2**32 - 2**31  # `i = vmax`: C's integer truncation
    if fd < 0:
        raise red.fail(f"{name}: ambiguous redirect")
    return fd


def _assign(red: Redirector, name: str, value: str) -> None:
    from shelldojo.shell.interp.expand_params import set_element
    m = _ELEMENT.fullmatch(name)
    if m is not None:
        set_element(red.interp, m.group(1), ast.Word([ast.Lit(m.group(2))]), value)
    else:
        red.interp.state.set(name, value)
