"""rsync 3.2.7's filter rules (exclude.c): --exclude, --include, --exclude-from, --include-from,
-f/--filter, -F and --delete-excluded.

A rule list is checked first match wins; a name no rule matches is included.  The sender hides
what an exclude (or hide) rule matches; the receiver's --delete spares what an exclude (or
protect) rule matches, unless --delete-excluded made plain rules the sender's only.  Names are
matched as rsync's rule_matches() does: relative to the transfer's root, a pattern without '/'
(and without '**') against the last name only, an unanchored one with '/' against as many trailing
names as it has, '/...' from the root; '*' stops at '/', '**' does not; 'dir/' only directories.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace


class FilterError(Exception):
    """A rule rsync refuses: the message and the rsync error trailer's code and place."""

    def __init__(self, message: str, code: int = 1, where: str = "exclude.c(1213)",
                 what: str = "syntax or usage error") -> None:
        super().__init__(message)
        self.message, self.code, self.where, self.what = message, code, where, what


@dataclass
class Rule:
    pattern: str
    include: bool = False
    sender: bool = False       # only the sender's list (hide/show, 's', --delete-excluded)
    receiver: bool = False     # only the receiver's deletions (protect/risk, 'r')
    negate: bool = False
    directory: bool = False    # the pattern ended in '/'
    abs_path: bool = False     # '/' modifier: matched against the absolute path
    perishable: bool = False
    xattr: bool = False        # 'x': a rule for extended attributes' names, never file names
    dir_merge: bool = False    # ':' a per-directory merge file named `pattern`
    no_inherit: bool = False   # 'n' (merge files): rules not inherited by subdirectories
    no_prefixes: str = ""      # '-' / '+' (merge files): every line is an exclude / include
    word_split: bool = False   # 'w' (merge files): rules split on whitespace
    clear: bool = False        # '!': the rules before it are dropped
    tokens: list[Token] = field(default_factory=list, repr=False)
    slashes: int = 0

    def applies(self, side: str) -> bool:
        if side == "sender":
            return not self.receiver or self.sender
        return not self.sender or self.receiver


_WORDS = {"clear": "!", "dir-merge": ":", "exclude": "-", "hide": "H", "include": "+", "merge": ".",
          "protect": "P", "risk": "R", "show": "S"}


# A compiled pattern: tokens ("c", char) a literal, ("?", "") one char but '/', ("[", class)
# one char of a class, ("*", "") a run without '/', ("**", "") any run.
Token = tuple[str, "str | re.Pattern[str]"]


def compile_pattern(pattern: str, wild: bool) -> list[Token]:
    """rsync's wildmatch() syntax: '*' anything but '/', '**' anything, '?' one char but '/',
    [...] a class ([!...] / [^...] negated, [:alpha:] classes), '\\' quotes the next char.
    A pattern without wildcards is literal (backslashes included), as rsync compares it."""
    if not wild:
        return [("c", c) for c in pattern]
    out: list[Token] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            j = i
            while j < n and pattern[j] == "*":
                j += 1
            out.append(("**" if j - i > 1 else "*", ""))
            i = j
            continue
        if c == "?":
            out.append(("?", ""))
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(("c", pattern[i]))
        elif c == "[" and (cls := _bracket(pattern, i)) is not None:
            out.append(("[", re.compile(cls[0], re.DOTALL)))
            i = cls[1]
            continue
        else:
            out.append(("c", c))
        i += 1
    return out


def wildmatch(tokens: list[Token], text: str, starts: list[int]) -> bool:
    """Does `text` from one of `starts` to its end match?  The set of text positions reached
    is a bit set, advanced token by token: time in O(tokens x text) whatever the pattern
    (no backtracking for a hostile '**a**a**a...')."""
    end = len(text)
    every = (1 << (end + 1)) - 1
    masks: dict[object, int] = {}

    def mask(key: object, test: Callable[[str], bool]) -> int:
        if key not in masks:
            masks[key] = sum(1 << j for j, ch in enumerate(text) if test(ch))
        return masks[key]

    pos = 0
    for s in starts:
        pos |= 1 << s
    for kind, arg in tokens:
        if not pos:
            return False
        if kind == "c":
            pos = (pos & mask(("c", arg), lambda ch, a=arg: ch == a)) << 1
        elif kind == "?":
            pos = (pos & mask("plain", lambda ch: ch != "/")) << 1
        elif kind == "[":
            pos = (pos & mask(("[", arg), lambda ch, a=arg: a.fullmatch(ch) is not None)) << 1  # type: ignore[union-attr]
        elif kind == "**":
            low = pos & -pos
            pos = every & ~(low - 1)
        else:   # '*': from each position to the end of its run of non-'/' characters; adding
            # the positions to the runs' bits carries each run's lowest one up to the run's end
            plain = mask("plain", lambda ch: ch != "/")
            pos |= (plain + (pos & plain)) ^ plain
        pos &= every
    return bool(pos >> end & 1)


_CLASSES = {"alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f",
            "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~",
            "space": " \\t\\n\\r\\f\\v", "upper": "A-Z", "xdigit": "0-9A-Fa-f"}


def _bracket(pattern: str, start: int) -> tuple[str, int] | None:
    """A [...] class at `start` as a regex class and the index after it (None: no closing ']')."""
    i, n = start + 1, len(pattern)
    negate = i < n and pattern[i] in "!^"
    if negate:
        i += 1
    parts: list[str] = []
    first = True
    while i < n and (pattern[i] != "]" or first):
        first = False
        c = pattern[i]
        if c == "[" and pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            name = pattern[i + 2:end] if end > 0 else ""
            if name in _CLASSES:
                parts.append(_CLASSES[name])
                i = end + 2
                continue
        if c == "\\" and i + 1 < n:
            i += 1
            c = pattern[i]
        if i + 2 < n and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            hi = pattern[i + 2]
            if hi == "\\" and i + 3 < n:
                hi, i = pattern[i + 3], i + 1
            parts.append(f"{re.escape(c)}-{re.escape(hi)}")
            i += 3
            continue
        parts.append(re.escape(c))
        i += 1
    if i >= n:
        return None
    return f"[{'^' if negate else ''}{''.join(parts)}]", i + 1


def make_rule(pattern: str, rule: Rule) -> Rule:
    """add_rule(): the trailing '/', the count of slashes, the compiled pattern."""
    rule = replace(rule)
    if len(pattern) > 1 and pattern.endswith("/"):
        pattern, rule.directory = pattern[:-1], True
    rule.pattern = pattern
    rule.slashes = pattern.count("/")
    body = pattern.removeprefix("/")
    rule.tokens = compile_pattern(body, any(c in pattern for c in "*[?"))
    return rule


def rule_matches(rule: Rule, name: str, is_dir: bool, root: str = "") -> bool:
    """exclude.c's rule_matches(): does `rule` match `name` (relative to the transfer root)?"""
    if not name or rule.xattr:
        return False
    pattern = rule.pattern
    wild2 = "**" in pattern
    wild2_prefix = pattern.startswith("**")
    text = name
    if not rule.slashes and not wild2:
        text = name.rpartition("/")[2]
    elif rule.abs_path and root:
        text = f"{root.strip('/')}/{name}".lstrip("/")
    elif wild2_prefix:
        text = "/" + name
    if is_dir:
        if wild2 and pattern.endswith("***"):
            text += "/"
    elif rule.directory:
        return rule.negate
    anchored = pattern.startswith("/")
    if not anchored and rule.slashes and not wild2:
        starts = [_tail_start(text, rule.slashes + 1)]
    elif not anchored and not wild2_prefix and wild2:
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "/"]
    else:
        starts = [0]
    hit = wildmatch(rule.tokens, text, starts)
    return hit != rule.negate


def _tail_start(text: str, names: int) -> int:
    """Where the last `names` slash-separated names of `text` begin."""
    pos = len(text)
    for _ in range(names):
        pos = text.rfind("/", 0, pos)
        if pos < 0:
            return 0
    return pos + 1


@dataclass
class Filters:
    """The command line's rules, in order, with the side each applies to."""

    rules: list[Rule] = field(default_factory=list)
    root: str = ""                  # the sender's transfer root (for the '/' modifier)

    def __bool__(self) -> bool:
        return bool(self.rules)

    def add(self, rules: list[Rule]) -> None:
        for rule in rules:
            if rule.clear:
                self.rules.clear()
            else:
                self.rules.append(rule)

    def excluded(self, name: str, is_dir: bool, side: str = "sender",
                 read_merge: MergeReader | None = None) -> bool:
        """Whether the first rule of `side` matching `name` excludes it.  `read_merge(dir,
        rule)`: the rules of dir-merge `rule`'s file in directory `dir` (None: none)."""
        for rule in self._rules_for(name, read_merge):
            if not rule.dir_merge and rule.applies(side) and rule_matches(rule, name, is_dir, self.root):
                return not rule.include
        return False

    def _rules_for(self, name: str, read_merge: MergeReader | None) -> list[Rule]:
        """The rules in force for `name`: each dir-merge rule replaced by the rules of its files
        in the directories above `name`, the nearest first ('!' in one stops the inheritance)."""
        if read_merge is None or not any(r.dir_merge for r in self.rules):
            return self.rules
        parent = name.rpartition("/")[0]
        dirs = ["."] + [parent[:i] for i, c in enumerate(parent + "/") if c == "/" and parent[:i]]
        out: list[Rule] = []
        for rule in self.rules:
            if not rule.dir_merge:
                out.append(rule)
                continue
            for d in reversed(dirs if not rule.no_inherit else dirs[-1:]):
                got = read_merge(d, rule) or []
                cleared = max((i for i, r in enumerate(got) if r.clear), default=-1)
                out.extend(r for r in got[cleared + 1:] if not r.dir_merge)
                if cleared >= 0:
                    break
        return out


MergeReader = Callable[[str, Rule], "list[Rule] | None"]


def per_dir_rules(text: str, template: Rule, prefix: str, delete_excluded: bool) -> list[Rule]:
    """A per-directory merge file's rules: its lines parsed with the dir-merge rule's modifiers,
    anchored patterns made relative to its directory (`prefix`)."""
    rules: list[Rule] = []
    inner = replace(template, dir_merge=False, pattern="")
    for line in _lines(text, template.word_split):
        try:
            got = parse_rules(line, inner, old_prefixes=False, delete_excluded=delete_excluded,
                              read_file=_no_file)
        except (FilterError, OSError):
            continue
        for rule in got:
            if prefix and rule.pattern.startswith("/") and not rule.clear:
                rule = make_rule(f"/{prefix}{rule.pattern}" + ("/" if rule.directory else ""), rule)
            rules.append(rule)
    return rules


def parse_rules(text: str, template: Rule, *, old_prefixes: bool, delete_excluded: bool,
                read_file: Callable[[str], str]) -> list[Rule]:
    """parse_filter_str(): the rules one --filter/--exclude/--include (or one line of a file)
    gives.  Merge files ('.') are read at once with `read_file` (OSError as it fails)."""
    rules: list[Rule] = []
    s = text
    while True:
        if template.word_split:
            s = s.lstrip()
        if not s:
            return rules
        rule, kind, s_after_prefix = _prefix(s, template, old_prefixes)
        if template.word_split:
            m = re.match(r"\S*", s_after_prefix)
            pat = m.group(0) if m else ""
        else:
            pat = s_after_prefix
        rest = s_after_prefix[len(pat):]
        if kind == "!":   # clear the list ("!" alone; with the old prefixes "!x" is a pattern)
            if not old_prefixes and pat:
                raise FilterError(f"'!' rule has trailing characters: {s}", where="exclude.c(1320)")
            if len(pat) <= 1:
                rules.append(Rule("", clear=True))
                s = rest
                continue
        elif not pat:
            raise FilterError(f"unexpected end of filter rule: {s}", where="exclude.c(1326)")
        if delete_excluded and not (rule.sender or rule.receiver or kind in ".:"):
            rule.sender = True
        if kind == ".":
            for line in _lines(read_file(pat), rule.word_split):
                rules.extend(parse_rules(line, rule, old_prefixes=False, delete_excluded=delete_excluded,
                                         read_file=read_file))
        elif kind == ":":
            rule.dir_merge = True
            rules.append(replace(rule, pattern=pat))
        else:
            rules.append(make_rule(pat, rule))
        s = rest


def _prefix(s: str, template: Rule, old_prefixes: bool) -> tuple[Rule, str, str]:
    """parse_rule_tok()'s prefix: the new rule, its kind ('-', '+', '!', '.', ':') and the text
    after the prefix."""
    rule = Rule("", include=template.include if template.no_prefixes else False,
                sender=template.sender, receiver=template.receiver, perishable=template.perishable)
    if template.no_prefixes:
        rule.include = template.no_prefixes == "+"
        return rule, "+" if rule.include else "-", s
    if old_prefixes:
        if s.startswith("- "):
            return rule, "-", s[2:]
        if s.startswith("+ "):
            rule.include = True
            return rule, "+", s[2:]
        rule.include = template.include
        if s.startswith("!"):
            return rule, "!", s
        return rule, "+" if rule.include else "-", s
    word = re.match(r"[a-z-]+", s)
    i = 0
    ch = ""
    if word and word.group(0) in _WORDS and (len(s) == word.end() or s[word.end()] in " _,"):
        ch, i = _WORDS[word.group(0)], word.end() - 1
    elif s[0] in _WORDS.values():
        ch = s[0]
    if not ch:
        raise FilterError(f"Unknown filter rule: `{s}'")
    if i + 1 < len(s) and s[i + 1] == ",":
        i += 1
    side_prefix = ch in "HSPR"
    rule.include = ch in "+SR"
    rule.sender = rule.sender or ch in "HS"
    rule.receiver = rule.receiver or ch in "PR"
    merge = ch in ".:"
    while ch != "!":
        i += 1
        if i >= len(s) or s[i] in " _":
            break
        m = s[i]
        ok = True
        if m in "-+":
            ok = merge and not rule.no_prefixes
            rule.no_prefixes = m
        elif m == "/":
            rule.abs_path = True
        elif m == "!":
            ok = not merge
            rule.negate = True
        elif m in "enw":
            ok = merge
            rule.no_inherit = rule.no_inherit or m == "n"
            rule.word_split = rule.word_split or m == "w"
        elif m == "p":
            rule.perishable = True
        elif m in "rs":
            ok = not side_prefix
            rule.receiver = rule.receiver or m == "r"
            rule.sender = rule.sender or m == "s"
        elif m == "x":
            rule.xattr = True
        else:
            ok = False   # 'C' (the CVS rules) is not modelled: refused rather than ignored
        if not ok:
            raise FilterError(f"invalid modifier '{m}' at position {i} in filter rule: {s}",
                              where="exclude.c(1226)")
    if i < len(s):
        i += 1
    kind = {"+": "+", "-": "-", "H": "-", "S": "+", "P": "-", "R": "+"}.get(ch, ch)
    return rule, kind, s[i:]


def _lines(text: str, word_split: bool) -> list[str]:
    """parse_filter_file(): lines (or words), without empty ones and ';' / '#' comments."""
    if word_split:
        return text.split()
    return [line for line in re.split(r"[\r\n]", text) if line and line[0] not in ";#"]


def rules_from_file(text: str, include: bool, delete_excluded: bool) -> list[Rule]:
    """--exclude-from / --include-from: one pattern a line ("+ " / "- " prefixes allowed)."""
    rules: list[Rule] = []
    for line in _lines(text, False):
        rules.extend(parse_rules(line, Rule("", include=include), old_prefixes=True,
                                 delete_excluded=delete_excluded, read_file=_no_file))
    return rules


def _no_file(name: str) -> str:
    raise FileNotFoundError(name)


