"""mktemp (GNU coreutils 9.1): a new file (0600) or directory (0700) named after a template whose
trailing X's (three at least) become random letters and digits."""
from __future__ import annotations

import errno
import random
import string

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("mktemp", short="dp:qtu", long=["directory", "quiet", "dry-run", "suffix=", "tmpdir=?"],
                  help=verbatim("files/mktemp_help"), version=verbatim("files/mktemp_version"))
_CHARS = string.ascii_letters + string.digits
_TRIES = 100  # GNU tries many names; a sandbox this full of collisions is out of luck


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"mktemp: {message}\nTry 'mktemp --help' for more information.\n")
    return 1


def _split(template: str, suffix: str | None) -> tuple[str, str] | str:
    """(head ending in X's, suffix), or the complaint."""
    if suffix is None:
        head = template.rstrip("X")
        if head == template:
            cut = template.rfind("X") + 1
            head, suffix = template[:cut], template[cut:]
        else:
            head, suffix = template, ""
    else:
        head = template
        if not head.endswith("X"):
            return f"with --suffix, template {cquote(template)} must end in X"
    if "/" in suffix:
        return f"invalid suffix {cquote(suffix)}, contains directory separator"
    if len(head) - len(head.rstrip("X")) < 3:
        return f"too few X's in template {cquote(template)}"
    return head, suffix


@command("mktemp", family="files", summary="create a temporary file or directory")
def mktemp(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if len(p.operands) > 1:
        return _usage(ctx, "too many templates")
    make_dir, quiet, dry = p.has("-d", "--directory"), p.has("-q", "--quiet"), p.has("-u", "--dry-run")
    dest_arg = p.last("-p", "--tmpdir")
    use_dir = dest_arg is not None or p.has("-t")
    template = p.operands[0] if p.operands else "tmp.XXXXXXXXXX"
    if not p.operands:
        use_dir = True
    parts = _split(template, p.last("--suffix"))
    if isinstance(parts, str):
        if not quiet or "X's" not in parts:
            ctx.error(parts)
        return 1
    head, suffix = parts
    if use_dir:
        env = ctx.env.get("TMPDIR", "")
        if p.has("-t"):
            if "/" in template:
                ctx.error(f"invalid template, {cquote(template)}, contains directory separator")
                return 1
            dest = env or dest_arg or "/tmp"
        else:
            if template.startswith("/") and p.operands:
                ctx.error(f"invalid template, {cquote(template)}; with --tmpdir, it may not be absolute")
                return 1
            dest = dest_arg or env or "/tmp"
        head = dest.rstrip("/") + "/" + head if dest != "/" else "/" + head
    xs = len(head) - len(head.rstrip("X"))
    stem = head[:len(head) - xs]
    what = "directory" if make_dir else "file"
    for _ in range(_TRIES):
        ctx.check()
        name = stem + "".join(random.choice(_CHARS) for _ in range(xs)) + suffix
        path = ctx.abspath(name)
        try:
            if dry:
                if ctx.vfs.exists(path, follow=False):
                    continue
            elif make_dir:
                ctx.vfs.mkdir(path, 0o700)
            else:
                ctx.vfs.open(path, "xb").close()
                ctx.vfs.chmod(path, 0o600)
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                continue
            if not quiet:
                ctx.error(f"failed to create {what} via template {cquote(stem + 'X' * xs + suffix)}: {strerror(exc)}")
            return 1
        ctx.out(name + "\n")
        return 0
    if not quiet:
        ctx.error(f"failed to create {what} via template {cquote(stem + 'X' * xs + suffix)}: File exists")
    return 1
