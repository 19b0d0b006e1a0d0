"""POSIX getopt(3) for the network tools that take only short options: glibc's (ping, nc, host:
operands may come before options) or OpenSSH's bundled BSD one (ssh-keygen: `style="bsd"`, no
permutation, its own message wording)."""
from __future__ import annotations


class GetoptError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_MESSAGES = {"glibc": ("invalid option -- '{}'", "option requires an argument -- '{}'"),
             "bsd": ("unknown option -- {}", "option requires an argument -- {}")}


def getopt(args: list[str], spec: str, permute: bool = True,
           style: str = "glibc") -> tuple[list[tuple[str, str]], list[str]]:
    """([(letter, value)], operands); GetoptError("invalid option -- 'x'") on a bad option."""
    invalid, missing = _MESSAGES[style]
    takes: dict[str, bool] = {}
    for i, c in enumerate(spec):
        if c != ":":
            takes[c] = spec[i + 1:i + 2] == ":"
    opts: list[tuple[str, str]] = []
    operands: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            operands.extend(args[i:])
            break
        if not arg.startswith("-") or arg == "-":
            operands.append(arg)
            if not permute:
                operands.extend(args[i:])
                break
            continue
        j = 1
        while j < len(arg):
            c = arg[j]
            j += 1
            if c not in takes or c == ":":
                raise GetoptError(invalid.format(c))
            if not takes[c]:
                opts.append((c, ""))
                continue
            if j < len(arg):
                opts.append((c, arg[j:]))
            elif i < len(args):
                opts.append((c, args[i]))
                i += 1
            else:
                raise GetoptError(missing.format(c))
            break
    return opts, operands
