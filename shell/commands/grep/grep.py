"""grep (GNU grep 3.8): search files for lines matching patterns."""
from __future__ import annotations

import errno
import fnmatch
import posixpath
import stat as st
from collections.abc import Iterator
from stat import S_IFDIR, S_IFREG

from shelldojo.filesystem import strerror
from shelldojo.filesystem.vfs import DirectoryLoop, WalkEntry
from shelldojo.shell.commands.grep.input import Lines
from shelldojo.shell.commands.grep.options import SPEC, TRY, USAGE, Capture, Opts, setup
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.streams import InputStream

S_IFMT = 0o170000  # the file-type bits (stat.S_IFMT is a function)

# GNU's default GREP_COLORS: match, file name, line number, separator
C_MATCH, C_FILE, C_LINE, C_SEP = "01;31", "35", "32", "36"


def _paint(code: str, text: str, on: bool) -> str:
    return f"\x1b[{code}m\x1b[K{text}\x1b[m\x1b[K" if on and text else text


@command("grep", family="text")
def grep(ctx: Context, argv: list[str]) -> int:
    cap = Capture(ctx)
    parsed = SPEC.parse(cap, argv[1:])  # type: ignore[arg-type]
    if cap.text:
        head, _, _tail = cap.text.partition("Try ")
        ctx.err(head + USAGE + TRY)
    if isinstance(parsed, int):
        return parsed
    found = setup(ctx, parsed)
    if isinstance(found, int):
        return found
    o, operands = found
    status = 1
    error = False
    for name in operands:
        for label, data, err in _inputs(ctx, o, name or ".", not name):
            if err:
                error = True
                if not o.silent:
                    ctx.error(err)
                continue
            failed: list[OSError] = []
            if _grep_one(ctx, o, label, data or b"", failed):
                status = 0
                if o.quiet:
                    return 0
            error = error or bool(failed)
    return 2 if error and not (o.quiet and status == 0) else status


def _excluded(o: Opts, name: str, is_dir: bool) -> bool:
    base = posixpath.basename(name.rstrip("/")) or name
    if is_dir:
        return any(fnmatch.fnmatchcase(base, g) for g in o.exclude_dir)
    if any(fnmatch.fnmatchcase(base, g) for g in o.exclude):
        return True
    return bool(o.include) and not any(fnmatch.fnmatchcase(base, g) for g in o.include)


def _inputs(ctx: Context, o: Opts, name: str,
            implicit: bool) -> Iterator[tuple[str, bytes | InputStream | None, str]]:
    """(label, data, error) for operand `name`, walking directories with -r."""
    if name == "-":
        yield o.label, ctx.stdin, ""
        return
    path = ctx.abspath(name)
    vfs = ctx.vfs
    try:
        s = vfs.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT and vfs.islink(path) and o.recurse:
            return  # dangling symlink operand: grep -r stays quiet
        yield name, None, f"{name}: {strerror(exc)}"
        return
    if st.S_ISDIR(s.st_mode):
        if o.directories == "skip" and not o.recurse:
            return
        if not o.recurse:
            yield name, None, f"{name}: Is a directory"
            return
        if not implicit and _excluded(o, name, True) and name not in (".", "./"):
            return
        yield from _walk(ctx, o, path, "" if implicit else name)
        return
    if (o.include or o.exclude) and _excluded(o, name, False):
        return
    yield from _read(ctx, path, name)


def _read(ctx: Context, path: str, label: str) -> Iterator[tuple[str, bytes | None, str]]:
    try:
        yield label, ctx.vfs.read_bytes(path), ""
    except OSError as exc:
        yield label, None, f"{label}: {strerror(exc)}"


def _walk(ctx: Context, o: Opts, path: str, prefix: str) -> Iterator[tuple[str, bytes | None, str]]:
    """Walk the tree with the VFS's walk: -r skips symlinks met inside, -R follows them."""
    vfs = ctx.vfs
    path = posixpath.normpath(path)
    try:
        node = vfs.node(path)
    except OSError as exc:
        yield prefix, None, f"{prefix or '.'}: {strerror(exc)}"
        return
    failures: list[tuple[str, str]] = []   # (label, message) met while reading the tree

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        if isinstance(exc, DirectoryLoop):
            if not o.silent:  # a warning: the exit status stays as the matches make it
                ctx.error(f"{e.path}: warning: recursive directory loop")
        else:
            failures.append((e.path, f"{e.path or '.'}: {strerror(exc)}"))
        return False

    def keep(e: WalkEntry) -> bool:
        return not _excluded(o, e.name, e.mode & S_IFMT == S_IFDIR)
    # -r: symlinks are not followed, and neither read nor entered (not regular, not directories)
    for e in vfs.walk(WalkEntry(prefix, path, "", 0, node), follow=o.recurse == 2, on_error=on_error,
                      check=ctx.check, keep=keep if o.include or o.exclude or o.exclude_dir else None):
        if failures:
            yield from ((label, None, text) for label, text in failures)
            failures.clear()
        if e.mode & S_IFMT == S_IFREG:
            try:
                yield e.path, vfs.node_bytes(e.node, e.abspath), ""
            except OSError as exc:
                yield e.path, None, f"{e.path}: {strerror(exc)}"
    yield from ((label, None, text) for label, text in failures)


def _grep_one(ctx: Context, o: Opts, label: str, data: bytes | InputStream,
              failed: list[OSError]) -> bool:
    """Search one input; print what the options ask; True if any line was selected.
    A read error is reported (unless -s) and added to `failed`."""
    def read_error(exc: OSError) -> None:
        failed.append(exc)
        if not o.silent:
            ctx.error(f"{label}: {strerror(exc)}")

    lines = Lines(data, o.text, read_error)
    if lines.binary and o.skip_binary:
        return False
    color = o.color
    sep_char = "\0" if o.null else None
    name_part = _paint(C_FILE, label, color)
    selected = 0
    last_printed = -1
    pending_after = 0
    suppressed = False
    offsets = 0
    before: list[tuple[int, int, str]] = []
    out: list[str] = []
    quiet = o.quiet or o.list_files or o.count
    for idx, raw in enumerate(lines):
        if idx % 512 == 0:
            ctx.check()
        binary = lines.binary
        if binary and o.skip_binary:
            return False
        line = raw.decode("utf-8", "surrogateescape")
        start = offsets
        offsets += len(raw) + 1
        hit = (o.regex.search(line) is not None) != o.invert
        if hit:
            if o.max_count >= 0 and selected >= o.max_count:
                break
            selected += 1
            if quiet:
                if o.quiet or o.list_files:
                    break
                continue
            if binary or (not o.text and "\udc80" <= max(line, default=" ") and _bad(line)):
                suppressed = True
                if binary:
                    break
                continue
            first = before[0][0] if before else idx
            if (o.before or o.after) and 0 <= last_printed < first - 1 and o.group_sep is not None:
                out.append(_paint(C_SEP, o.group_sep, color) + "\n")
            for bidx, bstart, bline in before:
                out.append(_prefix(o, name_part, bidx, bstart, "-", sep_char) + bline + "\n")
            before.clear()
            if o.only:
                for m in o.regex.finditer(line):
                    if m.end() > m.start() and not o.invert:
                        pre = _prefix(o, name_part, idx, start + len(line[:m.start()].encode(
                            "utf-8", "surrogateescape")), ":", sep_char)
                        out.append(pre + _paint(C_MATCH, m.group(), color) + "\n")
            else:
                body = _highlight(o, line) if color and not o.invert else line
                out.append(_prefix(o, name_part, idx, start, ":", sep_char) + body + "\n")
            last_printed = idx
            pending_after = o.after
        elif not quiet and not binary:
            if pending_after > 0 and not o.only:
                out.append(_prefix(o, name_part, idx, start, "-", sep_char) + line + "\n")
                last_printed = idx
                pending_after -= 1
            elif o.before and not o.only:
                before.append((idx, start, line))
                del before[:-o.before]
        if len(out) > 256:
            ctx.out("".join(out))
            out.clear()
        if o.max_count >= 0 and selected >= o.max_count and pending_after == 0:
            break
    ctx.out("".join(out))
    if o.count:
        prefix = name_part + (_paint(C_SEP, ":", color) if not o.null else "\0") if o.with_name else ""
        ctx.out(f"{prefix}{selected}\n")
    if o.list_files and not o.quiet and (selected > 0) == (o.list_files == 1):
        ctx.out(name_part + ("\0" if o.null else "\n"))
    if suppressed and not o.quiet:
        ctx.err(f"grep: {label}: binary file matches\n")
    return selected == 0 if o.list_files == -1 else selected > 0


def _bad(line: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in line)


def _prefix(o: Opts, name_part: str, idx: int, offset: int, sep: str, null: str | None) -> str:
    parts = ""
    painted_sep = _paint(C_SEP, sep, o.color)
    if o.with_name:
        parts += name_part + (null if null else painted_sep)
    if o.number:
        parts += _paint(C_LINE, str(idx + 1), o.color) + painted_sep
    if o.byte_offset:
        parts += _paint(C_LINE, str(offset), o.color) + painted_sep
    return parts


def _highlight(o: Opts, line: str) -> str:
    pieces, pos = [], 0
    for m in o.regex.finditer(line):
        if m.end() == m.start():
            continue
        pieces.append(line[pos:m.start()] + _paint(C_MATCH, m.group(), True))
        pos = m.end()
    return "".join(pieces) + line[pos:]
