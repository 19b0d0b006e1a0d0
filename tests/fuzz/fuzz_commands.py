"""Command-line fuzzer for shelldojo (run on demand; pytest does not collect this file).

    python3 -m tests.fuzz.fuzz_commands --cases 3000 --seed 1 [--jobs 2] [--json out.json]

Each case is a random command line built from a grammar: every registered command and
interpreter builtin, options taken from the command's own OptionSpec (or its --help text),
edge-case arguments, and shell syntax fragments.  A case runs in a fresh machine and Session
(learner, sometimes root) under small limits.  Flagged:
  internal   "internal error" / "Traceback" in stderr or stdout
  exception  a Python exception escaping Session.run_source
  slow       a run longer than SLOW_S seconds (a hang is cut by SIGALRM at HANG_S)
  host       any write/exec on the host during the run (seen by an audit hook)
Failures are grouped by a normalised key; the shortest reproducer of each is kept.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field

from tests.fuzz.hostile_lines import install_everything_script, package_line
from tests.fuzz.report import report

sys.dont_write_bytecode = True  # importing must not count as a host write

SLOW_S, HANG_S = 3.0, 12

# ----------------------------------------------------------------------------- grammar
FILES = ["a.txt", "b.txt", "dir", "dir/", "dir/sub", "empty", "nofile", "link", "badlink", "bin.dat",
         "/root", "/root/x", "/etc/shadow", "/etc/passwd", "/", "-", "", ".", "..", "~",
         "../../../../etc/passwd", "/dev/null", "/dev/zero", "/dev/full", "/proc/self/status",
         "/proc/1/mem", "/sys", "/tmp", "/tmp/", "/usr/bin/ls", "noperm", "ro.txt", "/home", "a b",
         "./-n", "//", "/./etc/../etc/hostname", "dir/../a.txt", "spaces dir", "*.txt", "d*"]
TEXTS = ["x", "hello", "a b", "-", "--", "-1", "-0", "0", "1", "+5", "1.5", "-2.5e3", "1e308", "nan",
         "inf", "-inf", "0x1f", "077", "99999999999999999999", "-99999999999999999999",
         "18446744073709551616", "9223372036854775807", "-9223372036854775808", "2147483648",
         "%s%n%d%", "%999999999d", "%*d", "%.*f", "%b", "\\x41\\0\\c", "\\", "'", '"', "`", "$", "$(",
         "${", "*", "?", "[", "[a-", "[!]", "[[:alpha:]]", "**", "{1..3}", "{a,b}", "a\tb", "a\nb",
         "héllo", "日本語", "\u202e", "😀", "\x01\x02\x7f", "é" * 300, "x" * 5000, "a/" * 300, ",",
         "a=b", "=", "==", "!", "(", ")", "-e", "-n", "--help", "--version", "-z", ":", "::", "\\n",
         "u+x", "755", "0777", "4755", "g-s", "a=rwx,o-w", "root", "learner", "nobody", "root:root",
         "1000:1000", ":", "s/a/b/g", "s/(/x/", "1d", "p", "y/abc/", "^", "$a", ".*", "\\(", "a\\{1,",
         "[[:foo:]]", "\\1", "+%s", "@0", "@99999999999999", "next tuesday", "2024-02-30", "tomorrow",
         "1 + 2", "length", "substr", "match", ":", "index", "-o", "-a", "-eq", "-lt", "-f", "-d"]
OPTVALS = ["0", "1", "-1", "3", "+2", "-3", "99999999999999999999", "", "x", "1k", "1K", "2M", "1G",
           "1E", "abc", ",", ":", "\\t", "%", "5x", "always", "never", "auto", "none", "a.txt", "dir",
           "/root", "nofile", "1,3", "2-", "-5", "1-2,4", "0-", "utf-8", "%Y", "full-iso", "@", "u+x"]
SYNTAX = [
    "'", '"', "`", "$(", "${", "$((", "((", "))", "[[", "]]", "(", ")", "{", "}", "|", "||", "&&",
    ";", ";;", "&", "!", "<", ">", ">>", "<<", "<<<", "<>", ">|", "2>&1", ">&-", "<&-", "3>&1",
    "9>&3", ">&2", "2>", "&>", "&>>", "|&", "$", "${x", "${x:", "${#", "${!x}", "${x/", "$[", "\\",
    "case", "esac", "in", "do", "done", "then", "fi", "if", "for", "while", "function", "select",
    "time", "coproc", "{1..", "#", "\n", "${@:", "$@", "$*", "$#", "$?", "$$", "$!", "$-", "$_",
    "x=", "a[", "a[1]=", "declare -A", "local", "-", "((1/0))", "$((2**63))", "$((1<<64))",
]
TEMPLATES = [
    "{c}", "{c} | {c}", "{c} && {c}", "{c} || {c}", "{c}; {c}", "! {c}", "{c} &", "{c} | {c} | {c}",
    "{c} > {f}", "{c} 2> {f}", "{c} < {f}", "{c} >> {f}", "{c} &> {f}", "{c} 2>&1 | {c}",
    "x=$({c}); echo \"$x\"", "echo $({c})", "{c} <<'EOF'\n{t}\nEOF", "{c} <<EOF\n{t} $HOME $(echo hi)\nEOF",
    "{c} <<< {t}", "( {c} )", "{{ {c}; }}", "if {c}; then {c}; else {c}; fi", "for i in {t} {t}; do {c}; done",
    "while {c}; do {c}; break; done", "case {t} in *) {c};; esac", "f() {{ {c}; }}; f {t}",
    "{c} > /proc/self/x", "{c} > /etc/passwd", "{c} > /root/x", "{c} > dir", "{c} < dir", "{c} > /dev/full",
    "echo {t} | {c}", "printf '%s\\n' {t} {t} | {c}", "cat a.txt | {c}", "{c} | head -n 2", "{c} | wc",
    "eval {t}", "{c} {s}", "{s} {c}", "{s}{s} {c}", "{c} {s} {c}", "[[ {t} {s} {t} ]]", "(( {t} {s} {t} ))",
    "echo $(( {t} ))", "echo ${{{t}}}", "x={t}; echo ${{x{s}}}", "declare -a arr=({t} {t}); echo ${{arr[@]}}",
    "exec {c}", "command {c}", "builtin {c}", "xargs {c} < a.txt", "find . -exec {c} {{}} \\;", "sudo {c}",
    "env {c}", "nohup {c}", "time {c}", "{c} {t} > >({c})", "{c} <({c})",
]
SETUP = """
set -e
cd /home/learner
printf 'line one\\nline two\\n\\nlast\\n' > a.txt
printf 'b 2\\na 1\\nc 3\\na 1\\n' > b.txt
mkdir -p dir/sub 'spaces dir'; : > empty; touch dir/sub/f 'spaces dir/x'
ln -s a.txt link; ln -s missing badlink
printf '\\000\\001\\377binary\\n' > bin.dat
echo secret > noperm; chmod 000 noperm
echo ro > ro.txt; chmod 444 ro.txt
echo 'echo script ran' > s.sh; chmod +x s.sh
head -c 30000 /dev/zero | tr '\\0' a > long.txt
printf '{"a": [1, 2, {"b": "x"}], "n": null}\\n' > a.json
chown -R learner:learner /home/learner
"""


# commands whose options are not getopt-style (find's primaries, echo's flags)
EXTRA = {
    "find": (["name=", "iname=", "type=", "maxdepth=", "mindepth=", "exec=", "print", "delete", "size=",
              "perm=", "newer=", "regex=", "path=", "empty", "user=", "group=", "mtime=", "o", "a", "not",
              "printf=", "prune", "quit", "L", "H", "P", "ls", "execdir=", "ok=", "fprint=", "samefile="], []),
    "echo": (["n", "e", "E"], []),
}


def _specs() -> dict[str, tuple[list[str], list[str]]]:
    """name -> (short option words, long option words) from each command's OptionSpec."""
    import importlib

    from shelldojo.shell.commands.options import OptionSpec
    from shelldojo.shell.registry import load_all
    found: dict[str, tuple[list[str], list[str]]] = {}
    modules = {info.func.__module__ for info in load_all().values()}
    for modname in sorted(modules):
        for value in vars(importlib.import_module(modname)).values():
            if isinstance(value, OptionSpec):
                found[value.name] = _from_spec(value.short, value.long)
    return found


def _from_spec(short: str, longs: list[str]) -> tuple[list[str], list[str]]:
    shorts = [m.group(0) for m in re.finditer(r"[^:](:{0,2})", short)]
    return [s.rstrip(":") + ("=" if s.endswith(":") else "") for s in shorts], list(longs)


def _from_help(text: str) -> tuple[list[str], list[str]]:
    shorts = sorted(set(re.findall(r"(?m)^\s+-([A-Za-z0-9])\b", text)))
    longs = sorted(set(re.findall(r"--([a-z][a-z0-9-]*=?)", text)))
    return shorts, longs


@dataclass
class Grammar:
    commands: list[str]
    options: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)


def _help_text(source: str) -> str:
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput
    out = BufferOutput()
    Session(base_machine().clone(), stdout=out, stderr=BufferOutput()).run_source(source)  # type: ignore
    return out.getvalue().decode("utf-8", "replace")


def _from_synopsis(text: str) -> tuple[list[str], list[str]]:
    """bash's `help -s` line: [-abc] flags, [-d delim] options with an argument."""
    shorts = {c for group in re.findall(r"\[-([A-Za-z]+)\]", text) for c in group}
    shorts |= {f"{c}=" for c in re.findall(r"\[-([A-Za-z]) [^\]-]+\]", text)}
    return sorted(shorts), []


def build_grammar() -> Grammar:
    from shelldojo.shell.registry import load_all
    registry = load_all()
    names = sorted(registry)
    options = _specs()
    for name in names:
        if name not in options and registry[name].shell:
            # no `help` builtin: the usage line after a bad option gives the synopsis
            options[name] = _from_synopsis(_help_text(f"{shlex.quote(name)} -@ 2>&1"))
        elif name not in options:
            options[name] = _from_help(_help_text(f"{shlex.quote(name)} --help 2>&1"))
    options.update(EXTRA)
    return Grammar(names, options)


def _word(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.75:
        return shlex.quote(text)
    if r < 0.85:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'
    return text or "''"  # raw: globs, quotes and expansions reach the parser


def _option(rng: random.Random, g: Grammar, name: str) -> str:
    shorts, longs = g.options.get(name, ([], []))
    if not shorts and not longs or rng.random() < 0.04:
        return rng.choice(["-", "--", "-Q", "--bogus", "--he", "-" + "x" * 3, "--=", "---"])
    if longs and (not shorts or rng.random() < 0.4):
        lo = rng.choice(longs)
        base = lo.rstrip("=?")
        if rng.random() < 0.1:
            base = base[:max(1, rng.randint(1, len(base)))]  # abbreviations, ambiguous ones too
        if lo.endswith("=") or lo.endswith("=?") and rng.random() < 0.5:
            value = rng.choice(OPTVALS + FILES)
            return f"--{base}=" + shlex.quote(value)[0:] if rng.random() < 0.8 else f"--{base}"
        return f"--{base}"
    sh = rng.choice(shorts)
    if len(sh.rstrip("=")) > 1:  # find's primaries: -name PATTERN
        word = "-" + sh.rstrip("=")
        return word + " " + _word(rng, rng.choice(OPTVALS + FILES + TEXTS)) if sh.endswith("=") else word
    if sh.endswith("="):
        r = rng.random()
        value = rng.choice(OPTVALS + FILES)
        if r < 0.45:
            return f"-{sh[0]} " + _word(rng, value)
        if r < 0.9:
            return _word(rng, f"-{sh[0]}{value}")
        return f"-{sh[0]}"  # missing argument
    flags = "".join(rng.choice([s for s in shorts if len(s) == 1] or [sh[0]])
                    for _ in range(rng.randint(1, 3)))
    return "-" + flags


def simple_command(rng: random.Random, g: Grammar) -> str:
    name = rng.choice(g.commands)
    words = [name]
    for _ in range(rng.choices([0, 1, 2, 3, 5], [3, 5, 3, 1, 1])[0]):
        words.append(_option(rng, g, name))
    for _ in range(rng.choices([0, 1, 2, 3, 4], [2, 4, 3, 2, 1])[0]):
        pool = rng.choice([FILES, FILES, TEXTS, TEXTS, OPTVALS])
        words.append(_word(rng, rng.choice(pool)))
    if rng.random() < 0.3:
        rng.shuffle(words[1:])  # permutation: operands before options
    return " ".join(words)


def command_line(rng: random.Random, g: Grammar) -> str:
    template = rng.choice(TEMPLATES)
    out = template.format(c="{c}", f=_word(rng, rng.choice(FILES)), t=_word(rng, rng.choice(TEXTS)),
                          s=rng.choice(SYNTAX))
    while "{c}" in out:
        out = out.replace("{c}", simple_command(rng, g), 1)
    if rng.random() < 0.1:  # cut it anywhere: unbalanced quotes, half here-docs
        out = out[:rng.randint(0, len(out))]
    if rng.random() < 0.1:
        out += " " + " ".join(rng.choice(SYNTAX) for _ in range(rng.randint(1, 4)))
    return out


CORPUS_GLOB = "/work/shared/conformance/cases/*.sh"


def corpus_lines() -> list[str]:
    """Command lines of the differential corpus (when present), seeds for mutation."""
    import glob
    lines: list[str] = []
    for path in sorted(glob.glob(CORPUS_GLOB)):
        with open(path, encoding="utf-8", errors="replace") as f:
            lines += [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("#")]
    return lines


def mutate(rng: random.Random, g: Grammar, line: str) -> str:
    """A corpus line with a word replaced, inserted, dropped, or cut short."""
    words = line.split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        r = rng.random()
        if r < 0.35:
            words[i] = _word(rng, rng.choice(FILES + TEXTS + OPTVALS))
        elif r < 0.55:
            words.insert(i, _option(rng, g, words[0]) if rng.random() < 0.5 else rng.choice(SYNTAX))
        elif r < 0.7 and len(words) > 1:
            del words[i]
        elif r < 0.85:
            words[i] = simple_command(rng, g)
        else:
            words = words[:i + 1]
    return " ".join(words)


def generate_cases(seed: int, n: int, g: Grammar | None = None) -> list[tuple[str, str]]:
    """n (user, source) pairs, reproducible from the seed: grammar-built lines and, when the
    corpus is there, mutated corpus lines."""
    g = g or build_grammar()
    rng = random.Random(seed)
    corpus = corpus_lines()
    cases = []
    for _ in range(n):
        user = "root" if rng.random() < 0.2 else "learner"
        r = rng.random()
        if r < 0.15:
            cases.append((user, package_line(rng)))
        elif corpus and r < 0.5:
            cases.append((user, mutate(rng, g, rng.choice(corpus))))
        else:
            cases.append((user, command_line(rng, g)))
    return cases


# ----------------------------------------------------------------------------- running
_BASE: object = None
_ARMED = False
_HOST_EVENTS: list[str] = []
_WRITE_EVENTS = ("os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod", "os.chown", "os.symlink",
                 "os.link", "os.truncate", "os.utime", "shutil.", "subprocess.Popen", "os.system",
                 "os.exec", "os.fork", "os.posix_spawn", "os.spawn", "socket.connect", "os.kill", "os.putenv",
                 "os.chdir", "os.setxattr", "os.removexattr", "os.startfile")


def _audit(event: str, args: tuple) -> None:
    if not _ARMED:
        return
    if event == "open":
        path, mode, flags = (list(args) + [None, None, None])[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
        if writing:
            _HOST_EVENTS.append(f"open {path!r} {mode!r}")
        elif isinstance(path, str) and not path.endswith((".py", ".pyc", ".so")) and "/proc/" not in path \
                and not path.startswith(("/dev/urandom", sys.prefix, sys.base_prefix)) \
                and not path.startswith(os.path.dirname(os.path.dirname(os.path.dirname(__file__)))):
            _HOST_EVENTS.append(f"read {path!r}")
    elif event == "sqlite3.connect" and args and args[0] not in (":memory:", "", b":memory:"):
        _HOST_EVENTS.append(f"sqlite3.connect {args[0]!r}")
    elif event.startswith(("sqlite3.enable_load_extension", "sqlite3.load_extension")):
        _HOST_EVENTS.append(event)
    elif event.startswith(_WRITE_EVENTS):
        _HOST_EVENTS.append(f"{event} {args!r}"[:200])


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang()


def base_machine() -> object:
    """The fuzz fixture machine (files of every kind in /home/learner), built once."""
    global _BASE
    if _BASE is None:
        from shelldojo.shell.machines import fresh_machine
        from shelldojo.shell.session import Session
        from shelldojo.shell.streams import BufferOutput
        m = fresh_machine()
        err = BufferOutput()
        Session(m, user="root", stdout=BufferOutput(), stderr=err).run_source(SETUP)
        assert not err.getvalue(), err.getvalue()
        Session(m, user="root", stdout=BufferOutput(), stderr=err).run_source(install_everything_script())
        Session(m, user="learner", stdout=BufferOutput(), stderr=err, cwd="/home/learner").run_source(
            "sqlite3 data.db 'create table t(a, b); insert into t values (1, 2);'")
        assert not err.getvalue(), err.getvalue()
        _BASE = m
    return _BASE


def fuzz_limits() -> object:
    from shelldojo.shell.limits import Limits
    return Limits(max_commands=3000, max_call_depth=100, max_output_bytes=256 * 1024,
                  max_brace_results=2000, max_word_bytes=256 * 1024, wall_time_s=1.0, max_processes=32)


def run_case(user: str, source: str, stdin: bytes = b"some input\nline 2\n") -> dict | None:
    """Run one case; a dict describing the failure, or None when it behaved."""
    global _ARMED
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput, BytesInput
    machine = base_machine().clone()  # type: ignore[attr-defined]
    out, err = BufferOutput(), BufferOutput()
    session = Session(machine, user=user, stdout=out, stderr=err, limits=fuzz_limits(),  # type: ignore[arg-type]
                      stdin=BytesInput(stdin), cwd="/home/learner" if user == "learner" else "/root")
    _HOST_EVENTS.clear()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_S)
    start = time.monotonic()
    problem: dict | None = None
    _ARMED = True
    try:
        session.run_source(source)
    except _Hang:
        problem = {"kind": "hang", "detail": f"still running after {HANG_S}s"}
    except BaseException as exc:  # noqa: BLE001 - anything escaping is the finding
        tb = traceback.extract_tb(exc.__traceback__)
        last = tb[-1] if tb else None
        where = f"{os.path.relpath(last.filename)}:{last.lineno}" if last else "?"
        problem = {"kind": "exception", "detail": f"{type(exc).__name__}: {exc}"[:300], "where": where,
                   "traceback": "".join(traceback.format_exception(exc))[-3000:]}
    finally:
        _ARMED = False
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    seconds = time.monotonic() - start
    text = (err.getvalue() + out.getvalue()).decode("utf-8", "replace")
    if problem is None:
        m = re.search(r"internal error|Traceback", text)  # then its line: no quadratic [^\n]* scan
        if m:
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            problem = {"kind": "internal", "detail": text[line_start:line_end if line_end >= 0 else None][:300]}
        elif _HOST_EVENTS:
            problem = {"kind": "host", "detail": "; ".join(_HOST_EVENTS[:5])}
        elif seconds > SLOW_S:
            problem = {"kind": "slow", "detail": f"{seconds:.1f}s"}
    if problem:
        problem.update(user=user, source=source, seconds=round(seconds, 2), stderr=text[-1500:])
    return problem


def failure_key(p: dict) -> str:
    detail = p["detail"]
    if p["kind"] == "internal":  # "NAME: internal error: Type: msg" -> NAME + Type + message shape
        m = re.search(r"([\w.-]+): internal error: (\w+)(: [^'\"\d]{0,40})?", detail)
        detail = " ".join(x or "" for x in m.groups()) if m else detail[:60]
    elif p["kind"] == "exception":
        detail = detail.split(":")[0] + " @ " + p.get("where", "")
    elif p["kind"] == "slow" or p["kind"] == "hang":
        detail = p["source"].split()[0] if p["source"].split() else ""
    else:
        detail = re.sub(r"\d+", "N", detail)[:80]
    return f"{p['kind']}: {detail}"


def _worker(args: tuple[int, int, int]) -> list[dict]:
    seed, start, count = args
    sys.addaudithook(_audit)
    cases = generate_cases(seed, start + count)[start:]
    found = []
    for i, (user, source) in enumerate(cases, start):
        p = run_case(user, source)
        if p:
            p["index"] = i
            found.append(p)
    return found


def fuzz(seed: int, n: int, jobs: int = 1) -> dict[str, dict]:
    """Distinct failures: key -> the shortest reproducer seen, with a count."""
    chunk = max(1, n // (jobs * 4))
    work = [(seed, s, min(chunk, n - s)) for s in range(0, n, chunk)]
    if jobs > 1:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=1) as pool:
            results = pool.map(_worker, work)
    else:
        results = [_worker(w) for w in work]
    distinct: dict[str, dict] = {}
    for p in (p for batch in results for p in batch):
        key = failure_key(p)
        best = distinct.get(key)
        count = best["count"] + 1 if best else 1
        if best is None or len(p["source"]) < len(best["source"]):
            distinct[key] = p
        distinct[key]["count"] = count
    return distinct


def main(argv: list[str] | None = None, cases: int = 2000, jobs: int = 1) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=cases)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=jobs)
    ap.add_argument("--json", help="write the distinct failures here")
    ap.add_argument("--show", type=int, help="print case N of the seed and exit")
    a = ap.parse_args(argv)
    if a.show is not None:
        print(generate_cases(a.seed, a.show + 1)[a.show])
        return 0
    start = time.monotonic()
    distinct = fuzz(a.seed, a.cases, a.jobs)
    status = report(distinct, a.cases, time.monotonic() - start, a.jobs)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(distinct, f, indent=1, ensure_ascii=False)
    return status


if __name__ == "__main__":
    sys.exit(main())
