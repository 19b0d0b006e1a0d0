"""Tab completion over the virtual machine: commands, options, paths, variables.

Never prompt_toolkit's PathCompleter (it reads the host disk): every path goes through
`machine.vfs` as the session's user.
"""
from __future__ import annotations

import re
import stat as st
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

if TYPE_CHECKING:
    from shelldojo.shell.session import Session

KEYWORDS = ("if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
            "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc")
_SEPARATORS = set("|&;()<>")
# Words after which the next word is again a command name.
_PREFIX_COMMANDS = {"sudo", "time", "which", "type", "man", "command", "builtin", "exec", "xargs",
                    "nohup", "env", "help", "nice", "whatis", "apropos"}
_SPECIAL = set(" \t\n\"'\\$`|&;()<>*?[]{}!#~=")
_OPTION_CACHE: dict[str, list[tuple[str, str]]] = {}


def split_words(text: str) -> tuple[list[str], str, bool, str | None]:
    """(previous words of the current command, raw current word, current word is a command
    name, open quote char). A tiny bash-like scanner: quotes, backslashes, separators."""
    words: list[str] = []
    raw = ""
    quote: str | None = None
    command_pos = True
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"' and i + 1 < len(text):
                raw += c
                i += 1
                c = text[i]
            raw += c
            i += 1
            continue
        if c == "\\" and i + 1 < len(text):
            raw += text[i:i + 2]
            i += 2
            continue
        if c in "'\"":
            quote = c
            raw += c
        elif c in " \t\n":
            if raw:
                words.append(raw)
                raw = ""
        elif c in _SEPARATORS:
            if raw:
                words.append(raw)
                raw = ""
            if c in "|&;(":
                words, command_pos = [], True
            else:
                words.append(c)
        else:
            raw += c
        i += 1
    real = [w for w in words if w not in _SEPARATORS and not re.fullmatch(r"\w+=.*", w)]
    is_command = not real or (real[-1] in _PREFIX_COMMANDS and all(w in _PREFIX_COMMANDS for w in real))
    if words and words[-1] in ("<", ">"):
        is_command = False
    return real, raw, is_command and command_pos, quote


def unquote(raw: str) -> str:
    out, quote, i = [], None, 0
    while i < len(raw):
        c = raw[i]
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"' and i + 1 < len(raw) and raw[i + 1] in '"\\$`':
                out.append(raw[i + 1])
                i += 1
            else:
                out.append(c)
        elif c in "'\"":
            quote = c
        elif c == "\\" and i + 1 < len(raw):
            out.append(raw[i + 1])
            i += 1
        else:
            out.append(c)
        i += 1
    return "".join(out)


def quote_name(name: str, open_quote: str | None) -> str:
    """Escape a completed name as bash does (backslashes), or keep the user's open quote."""
    if open_quote == "'":
        return name.replace("'", "'\\''")
    if open_quote == '"':
        return re.sub(r'(["\\$`])', r"\\\1", name)
    return "".join("\\" + c if c in _SPECIAL else c for c in name)


def _spec_options(name: str) -> list[tuple[str, str]]:
    """(option, description) from the command's OptionSpec (the table it parses with)."""
    if name in _OPTION_CACHE:
        return _OPTION_CACHE[name]
    result: list[tuple[str, str]] = []
    try:
        import sys

        from shelldojo.shell.commands.options import OptionSpec
        from shelldojo.shell.registry import lookup
        info = lookup(name)
        module = sys.modules.get(info.func.__module__) if info else None
        specs = [v for v in vars(module).values() if isinstance(v, OptionSpec) and v.name == name] if module else []
    except Exception:  # noqa: BLE001 - no options is a fine answer
        specs = []
    for spec in specs[:1]:
        descs = _help_descriptions(spec.help)
        for long in [*spec.long, "help", "version"]:
            bare = long.rstrip("=?")
            shown = "--" + bare + ("=" if long.endswith("=") else "")
            result.append((shown, descs.get("--" + bare, "")))
        for c in re.sub(r"[:]", "", spec.short):
            result.append(("-" + c, descs.get("-" + c, "")))
    _OPTION_CACHE[name] = result
    return result


def _help_descriptions(text: str) -> dict[str, str]:
    descs: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"\s+((?:-\w|--[\w-]+)(?:[ =\[][^ ,]*)?(?:, (?:-\w|--[\w-]+)(?:[=\[][^ ]*)?)*)\s{2,}(.*)", line)
        if not m:
            continue
        for opt in re.findall(r"--?[\w-]+", m.group(1)):
            descs.setdefault(opt, m.group(2).strip())
    return descs


class ShellCompleter(Completer):
    """Completes the word before the cursor against the session's machine and state."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        try:
            yield from self._complete(document.text_before_cursor)
        except Exception:  # noqa: BLE001 - completion must never break the prompt
            return

    # -- dispatch ------------------------------------------------------------------
    def _complete(self, text: str) -> Iterable[Completion]:
        words, raw, is_command, quote = split_words(text)
        var = re.search(r"\$\{?(\w*)$", raw)
        if var and quote != "'":
            return self.variables(var.group(1), braced=var.group(0).startswith("${"))
        if is_command and "/" not in raw and not raw.startswith("~"):
            return self.commands(raw)
        if raw.startswith("-") and words:
            return self.options(self._command_name(words), raw)
        return self.paths(raw, quote)

    def _command_name(self, words: list[str]) -> str:
        name = unquote(words[0])
        while name in _PREFIX_COMMANDS and len(words) > 1:
            words = words[1:]
            name = unquote(words[0])
        alias = self.session.state.aliases.get(name)
        if alias:
            name = alias.split()[0] if alias.split() else name
        return name

    # -- sources -------------------------------------------------------------------
    def command_names(self) -> set[str]:
        from shelldojo.shell.registry import names as registered

        st_ = self.session.state
        names = set(registered()) | set(st_.functions) | set(st_.aliases) | set(KEYWORDS)
        names |= set(self.session.overlay)
        vfs = self.session.machine.vfs
        for d in (st_.get("PATH") or "").split(":"):
            if not d.startswith("/"):
                continue
            try:
                with self._as_user():
                    for entry in vfs.scandir(d):
                        mode = entry.mode
                        if st.S_ISLNK(mode) or (st.S_ISREG(mode) and mode & 0o111):
                            names.add(entry.name)
            except (OSError, AttributeError):
                continue
        return names

    def commands(self, raw: str) -> Iterator[Completion]:
        prefix = unquote(raw)
        found = sorted(n for n in self.command_names() if n.startswith(prefix))
        space = " " if len(found) == 1 else ""  # bash ends a unique completion with a space
        for name in found:
            yield Completion(quote_name(name, None) + space, start_position=-len(raw), display=name)

    def options(self, command: str, raw: str) -> Iterator[Completion]:
        opts = _spec_options(command)
        longs = [o for o in opts if o[0].startswith("--")]
        shorts = [o for o in opts if not o[0].startswith("--")]
        pool = longs if raw.startswith("--") or len(raw) > 1 else longs + shorts
        for opt, desc in sorted(pool):
            if opt.startswith(raw):
                yield Completion(opt, start_position=-len(raw), display=opt, display_meta=desc[:60])

    def variables(self, prefix: str, braced: bool) -> Iterator[Completion]:
        st_ = self.session.state
        names = sorted({n for scope in st_.scopes for n in scope} | {"?", "$", "#", "@", "*", "0"})
        for name in names:
            if name.startswith(prefix) and (prefix or name[0].isalpha() or name[0] == "_"):
                yield Completion(name + ("}" if braced else ""), start_position=-len(prefix), display="$" + name)

    def paths(self, raw: str, quote: str | None) -> Iterator[Completion]:
        word = unquote(raw)
        st_ = self.session.state
        home = st_.get("HOME") or "/"
        typed_dir, _, base = word.rpartition("/")
        if "/" not in word:
            typed_dir = ""
        if word.startswith("~") and "/" not in word:
            user = word[1:]
            yield from self._tilde_users(raw, user)
            return
        lookup_dir = typed_dir + "/" if "/" in word else ""
        if lookup_dir.startswith("~"):
            lookup_dir = home.rstrip("/") + lookup_dir[1:] if lookup_dir.startswith("~/") else lookup_dir
        if not lookup_dir.startswith("/"):
            lookup_dir = st_.cwd.rstrip("/") + "/" + lookup_dir
        vfs = self.session.machine.vfs
        with self._as_user():
            try:
                entries = {e.name: e.mode for e in vfs.scandir(lookup_dir)}
            except (OSError, AttributeError):
                return
            matches = sorted(n for n in entries if n.startswith(base) and (base.startswith(".") or n[0] != "."))
            out: list[tuple[str, bool]] = []
            for name in matches:
                mode = entries[name]
                is_dir = st.S_ISDIR(mode) or (st.S_ISLNK(mode) and vfs.isdir(lookup_dir + name))
                out.append((name, is_dir))
        kept_prefix = raw[:len(raw) - len(self._raw_tail(raw))] if "/" in raw else ""
        for name, is_dir in out:
            text = quote_name(name, quote)
            if not is_dir and len(out) == 1:
                text += (quote or "") + " "
            yield Completion(kept_prefix + text + ("/" if is_dir else ""),
                             start_position=-len(raw), display=name + ("/" if is_dir else ""))

    @staticmethod
    def _raw_tail(raw: str) -> str:
        """The part of the raw word after its last unescaped `/` (what we replace)."""
        return raw[raw.rfind("/") + 1:]

    def _tilde_users(self, raw: str, prefix: str) -> Iterator[Completion]:
        from shelldojo.filesystem import accounts
        with self._as_user():
            try:
                users = [u.name for u in accounts.users(self.session.machine.vfs)]
            except Exception:  # noqa: BLE001
                users = []
        for name in sorted(users):
            if name.startswith(prefix):
                yield Completion("~" + name + "/", start_position=-len(raw), display="~" + name)

    def _as_user(self):  # type: ignore[no-untyped-def]
        from contextlib import ExitStack

        from shelldojo.filesystem import acting_as
        from shelldojo.filesystem.credentials import MACHINE_LOCK
        stack = ExitStack()
        stack.enter_context(MACHINE_LOCK)
        stack.enter_context(acting_as(self.session.state.creds))
        return stack
