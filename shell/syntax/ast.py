"""The typed AST of the shell language (the contract between parser and interpreter).

Words keep their quoting structure so the interpreter can do bash's expansions in
order (brace, tilde, parameter/command/arithmetic, word splitting, globbing, quote
removal) and know which characters came from quotes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# ----------------------------------------------------------------------------- words


@dataclass
class Lit:
    """Unquoted literal text: subject to brace, tilde and glob expansion."""
    text: str


@dataclass
class Escaped:
    """A backslash-escaped character outside quotes (`\\*`): literal, never special."""
    text: str


@dataclass
class SingleQuoted:
    """'...' or $'...' (already decoded): literal text."""
    text: str


@dataclass
class DoubleQuoted:
    """"...": parts are Lit (literal inside quotes), Escaped, ParamSub, CommandSub, ArithSub."""
    parts: list[WordPart]


@dataclass
class ParamSub:
    """$name, ${name}, $1, $@, $*, $#, $?, $$, $!, $-, ${#name}, ${name OP arg}, ${arr[i]}.

    op is one of:
      ""            plain                       ${name}
      "#"           length                      ${#name}
      ":-" "-" ":=" "=" ":+" "+" ":?" "?"       defaults (arg is the word)
      "#pat" -> op "#",  "##", "%", "%%"        prefix/suffix removal (arg is the pattern word)
      "/" "//" "/#" "/%"                        replacement (arg = pattern, arg2 = replacement)
      ":"           substring                   ${name:off} / ${name:off:len} (arg = offset, arg2 = length)
      "^" "^^" "," ",,"                         case change (arg = optional pattern)
      "!"           indirection                 ${!name}
      "!@"          names with prefix           ${!prefix@} / ${!prefix*}
    index: the subscript word for arrays (${a[i]}, ${a[@]}, ${#a[@]}), else None.
    For ${#name}, op is "#" and arg is None; for ${name#pat}, op is "#" and arg is the pattern;
    the interpreter tells them apart by `length`.
    """
    name: str
    op: str = ""
    arg: Word | None = None
    arg2: Word | None = None
    index: Word | None = None
    length: bool = False
    braced: bool = False


@dataclass
class CommandSub:
    """$(...) or `...`; body is the parsed program (a CommandList)."""
    body: Command
    backtick: bool = False
    source: str = ""


@dataclass
class ProcSubst:
    """<(...) or >(...): expands to a /dev/fd/N path; direction is "<" or ">"."""
    direction: str
    body: Command
    source: str = ""


@dataclass
class ArithSub:
    """$((...)); expr holds the expression as a word (expanded, then evaluated)."""
    expr: Word


WordPart = (Lit | Escaped | SingleQuoted | DoubleQuoted | ParamSub | CommandSub | ArithSub | ProcSubst)


@dataclass
class Word:
    parts: list[WordPart]

    def literal(self) -> str | None:
        """The text if the word is plain unquoted literal, else None."""
        if all(isinstance(p, Lit) for p in self.parts):
            return "".join(p.text for p in self.parts)  # type: ignore[union-attr]
        return None


# ----------------------------------------------------------------------------- commands


@dataclass
class Assign:
    """NAME=value, NAME+=value, NAME[i]=value, NAME=(a b c)."""
    name: str
    value: Word | None
    append: bool = False
    index: Word | None = None
    array: list[Word] | None = None


@dataclass
class HereDoc:
    """Body of << / <<-: if quoted, `text` is literal; else `body` holds expansions."""
    delimiter: str
    quoted: bool
    strip_tabs: bool
    text: str = ""
    body: Word | None = None


@dataclass
class Redirect:
    """op: > >> < >| <> >& <& &> &>> << <<- <<<.  fd None means the default for op.

    For >& and <&, target is the fd word ("1", "2", "-"); `&>` redirects both.
    For here-documents, heredoc is filled by the parser after the line ends.
    varname: `{name}>file` (bash's REDIR_VARASSIGN): the shell picks a free fd >= 10 and
    assigns its number to name; with `>&-` it closes the fd whose number name holds.
    """
    op: str
    target: Word
    fd: int | None = None
    heredoc: HereDoc | None = None
    varname: str | None = None


@dataclass
class SimpleCommand:
    assigns: list[Assign]
    words: list[Word]
    redirects: list[Redirect]
    line: int = 0


@dataclass
class Pipeline:
    """timed: the `time` reserved word (posix: `time -p`); a lone `time` or `!` times or
    negates an empty SimpleCommand."""
    commands: list[Command]
    negated: bool = False
    line: int = 0
    timed: bool = False
    posix: bool = False


@dataclass
class AndOr:
    """first, then (op, pipeline) pairs with op "&&" or "||", left-associative."""
    first: Command
    rest: list[tuple[str, Command]]
    line: int = 0


@dataclass
class CommandList:
    """Commands separated by ; or newlines; `background` marks those ended with &."""
    items: list[Command]
    background: list[bool] = field(default_factory=list)
    line: int = 0


@dataclass
class Subshell:
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


@dataclass
class BraceGroup:
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


@dataclass
class If:
    """clauses: (condition, body) for if and each elif; else_body may be None."""
    clauses: list[tuple[CommandList, CommandList]]
    else_body: CommandList | None = None
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


@dataclass
class While:
    cond: CommandList
    body: CommandList
    until: bool = False
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


@dataclass
class For:
    """for var in words; words None means "$@"."""
    var: str
    words: list[Word] | None
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


@dataclass
class ArithFor:
    """for ((init; cond; step)); empty parts are None."""
    init: Word | None
    cond: Word | None
    step: Word | None
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


@dataclass
class CaseItem:
    patterns: list[Word]
    body: CommandList | None
    terminator: str = ";;"   # ";;", ";&" or ";;&"


@dataclass
class Case:
    word: Word
    items: list[CaseItem]
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


@dataclass
class FunctionDef:
    name: str
    body: Command
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


@dataclass
class ArithCommand:
    """(( expr )): status 0 when the value is non-zero."""
    expr: Word
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


# [[ ... ]] expressions
@dataclass
class CondWord:
    word: Word


@dataclass
class CondUnary:
    op: str          # -f -d -e -z -n -r -w -x -s -L -h ...
    operand: Word


@dataclass
class CondBinary:
    op: str          # == = != =~ < > -eq -ne -lt -le -gt -ge -nt -ot -ef
    left: Word
    right: Word      # for ==/!= a pattern; for =~ a regex (quoted parts literal)


@dataclass
class CondNot:
    expr: CondExpr


@dataclass
class CondAnd:
    left: CondExpr
    right: CondExpr


@dataclass
class CondOr:
    left: CondExpr
    right: CondExpr


CondExpr = (CondWord | CondUnary | CondBinary | CondNot | CondAnd | CondOr)


@dataclass
class CondCommand:
    expr: CondExpr
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 0


Command = (SimpleCommand | Pipeline | AndOr | CommandList | Subshell | BraceGroup | If | While | For
           | ArithFor | Case | FunctionDef | ArithCommand | CondCommand)


class ParseError(Exception):
    """A bash syntax error.

    message: the text after "bash: line N: " (e.g. "syntax error near unexpected token `fi'")
    line: 1-based line number bash reports
    source_line: the offending source line bash echoes on its second line (`...'),
                 or None when bash prints no second line (e.g. unexpected end of file)
    incomplete: True when more input could complete it (the REPL then shows PS2)
    """

    def __init__(self, message: str, line: int, source_line: str | None = None,
                 incomplete: bool = False) -> None:
        super().__init__(message)
        self.message, self.line, self.source_line, self.incomplete = message, line, source_line, incomplete
