"""One short hint after a beginner's likely mistake, shown (dim) under bash's real message.

A table of rules matched on (command line, status, stderr text); the first rule that
answers wins.  Hints never replace the real message: the REPL prints them after it.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Rule = Callable[["Mistake"], "str | None"]


@dataclass
class Mistake:
    line: str
    status: int
    stderr: str
    command_names: Callable[[], Iterable[str]]

    @property
    def first_word(self) -> str:
        words = self.line.split()
        return words[0] if words else ""

    def not_found(self) -> str | None:
        """The name in `NAME: command not found` (bash's, or command-not-found's when it has no
        package to offer), if that is what happened.  Its advice to install a package is
        already the help a beginner needs: no hint is added after it."""
        m = re.search(r"^(?:bash: )?(\S+): command not found$|^Command '(\S+)' not found, did you mean:$",
                      self.stderr, re.MULTILINE)
        return (m.group(1) or m.group(2)) if m else None


def _cd_dots(m: Mistake) -> str | None:
    if m.not_found() and re.fullmatch(r"cd(\.\.|/|~|\.).*", m.not_found() or ""):
        return f"Put a space after cd: `cd {m.not_found()[2:]}`."  # type: ignore[index]
    return None


def _sl(m: Mistake) -> str | None:
    if m.not_found() == "sl":
        return "Did you mean `ls`? (`sl`, a steam locomotive joke, is not installed: `sudo apt install sl`.)"
    return None


def _language(m: Mistake) -> str | None:
    name = m.not_found()
    if name and re.fullmatch(r"python[0-9.]*|pip[0-9.]*|node|ruby|perl|java|gcc", name):
        if name.startswith("pip"):
            return "pip comes with a package here: `sudo apt install python3-pip`."
        return (f"`{name}` is not available in this practice machine: shelldojo simulates the shell "
                "and its tools, not programming languages.")
    return None


def _other_editor(m: Mistake) -> str | None:
    name = m.not_found()
    if name == "vim":  # Ubuntu installs vim.tiny as vi; the full vim is a package
        return ("`vim` is not installed: `sudo apt install vim` installs it, or edit with `vi FILE` "
                "(`i` types, Esc then `:wq` saves and quits) or `nano FILE`.")
    if name in ("vi", "nvim", "emacs"):
        return f"`{name}` is not available here: edit files with `vi FILE` or `nano FILE` (Ctrl-O saves, Ctrl-X quits)."
    return None


def _glued_option(m: Mistake) -> str | None:
    name = m.not_found()
    if not name:
        return None
    g = re.fullmatch(r"([a-z][a-z0-9]*)(-{1,2}[A-Za-z].*)", name)
    if g and g.group(1) in set(m.command_names()):
        return f"Options are separate words: put a space between them, as in `{g.group(1)} {g.group(2)}`."
    return None


def _close_command(m: Mistake) -> str | None:
    name = m.not_found()
    if not name:
        return None
    close = difflib.get_close_matches(name, sorted(set(m.command_names())), n=1, cutoff=0.7)
    if close:
        return f"Did you mean `{close[0]}`?"
    if name[:1].isupper() and name.lower() in set(m.command_names()):
        return f"Commands are case-sensitive: try `{name.lower()}`."
    return "This command does not exist here. `help commands` lists the commands you can use."


def _copy_dir(m: Mistake) -> str | None:
    if re.search(r"^cp: -r not specified; omitting directory", m.stderr, re.MULTILINE):
        return "To copy a directory with everything in it, add -r: `cp -r SOURCE DEST`."
    return None


def _remove_dir(m: Mistake) -> str | None:
    if re.search(r"^rm: cannot remove .*: Is a directory$", m.stderr, re.MULTILINE):
        return "To delete a directory and everything in it, use `rm -r DIR` (`rmdir DIR` if it is empty)."
    if re.search(r"^rmdir: failed to remove .*: Directory not empty$", m.stderr, re.MULTILINE):
        return "rmdir only removes empty directories; `rm -r DIR` removes one with its contents."
    return None


def _cd_file(m: Mistake) -> str | None:
    g = re.search(r"cd: (.*): Not a directory$", m.stderr, re.MULTILINE)
    if g:
        return f"{g.group(1)} is a file, not a directory: read it with `cat {g.group(1)}`."
    return None


def _mkdir_parents(m: Mistake) -> str | None:
    if re.search(r"^mkdir: cannot create directory .*: No such file or directory$", m.stderr, re.MULTILINE):
        return "A parent directory is missing: `mkdir -p` creates the whole path."
    return None


def _permission(m: Mistake) -> str | None:
    if "Permission denied" in m.stderr or "Operation not permitted" in m.stderr:
        if m.first_word == "sudo":
            return None
        if "Permission denied (" in m.stderr or "Permission denied, please try again" in m.stderr:
            # ssh's login refused (a key or password the other machine does not accept)
            return ("The other machine did not let you in: a user it knows, with their password "
                    "or a key in their ~/.ssh/authorized_keys there (ssh-copy-id puts yours).")
        return ("You lack the permission for this. See owners and modes with `ls -l`; "
                "administrator tasks need `sudo` (your password is `learner`).")
    return None


def _missing_operand(m: Mistake) -> str | None:
    g = re.search(r"^(\w+): missing (?:file )?operand$", m.stderr, re.MULTILINE)
    if g:
        return f"{g.group(1)} needs something to work on, e.g. a file name. See `{g.group(1)} --help`."
    return None


def _no_such_file(m: Mistake) -> str | None:
    if re.search(r": No such file or directory$", m.stderr, re.MULTILINE):
        return "Check the name and where you are (`pwd`, `ls`); Tab completes names for you."
    return None


RULES: list[Rule] = [_cd_dots, _sl, _language, _other_editor, _glued_option, _close_command, _copy_dir, _remove_dir, _cd_file,
                     _mkdir_parents, _permission, _missing_operand, _no_such_file]


def hint_for(line: str, status: int, stderr: str, command_names: Callable[[], Iterable[str]]) -> str | None:
    """The one hint for this mistake, or None (successful commands never get one)."""
    if status == 0 or not stderr or status == 130:
        return None
    mistake = Mistake(line, status, stderr, command_names)
    for rule in RULES:
        try:
            text = rule(mistake)
        except Exception:  # noqa: BLE001 - a hint must never break the REPL
            text = None
        if text:
            return text
    return None
