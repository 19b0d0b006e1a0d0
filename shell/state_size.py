"""The size of what a shell keeps between command lines (variables, arrays, functions, aliases,
history): many command lines must not add up to unbounded memory (Limits.session_state_bytes).

Sizes are estimates in bytes: the text plus a fixed cost per Python object, computed at C speed
(sum/map), so measuring a session before and after each command line stays cheap.
"""
from __future__ import annotations

from shelldojo.shell.interp.state import ShellState, Var

ITEM_COST = 64        # a str object and its slot in a dict or list
FUNCTION_COST = 4096  # a parsed function body (its AST), a rough mean


def var_bytes(name: str, var: Var) -> int:
    value = var.value
    if isinstance(value, dict):
        keys = sum(map(len, value)) if var.kind == "assoc" else 0
        return len(name) + ITEM_COST + keys + sum(map(len, value.values())) + 2 * ITEM_COST * len(value)
    return len(name) + len(value) + ITEM_COST


def sizes(st: ShellState) -> dict[str, int]:
    """Each global variable's size, by name (the part of the state that can grow fastest)."""
    return {name: var_bytes(name, var) for name, var in st.scopes[0].items()}


def total(st: ShellState, var_sizes: dict[str, int]) -> int:
    return (sum(var_sizes.values()) + FUNCTION_COST * len(st.functions)
            + sum(map(len, st.aliases.values())) + ITEM_COST * len(st.aliases)
            + sum(map(len, st.history)) + ITEM_COST * len(st.history))


def shrink(st: ShellState, before: dict[str, int], functions: set[str], aliases: set[str],
           cap: int) -> None:
    """The state went past `cap`: undo what this command line added (new or grown global
    variables, new functions and aliases), then the oldest history, until it fits again."""
    now = sizes(st)
    for name, size in now.items():
        if size > before.get(name, 0) and (name not in before or not st.scopes[0][name].readonly):
            del st.scopes[0][name]
    for name in set(st.functions) - functions:
        del st.functions[name]
    for name in set(st.aliases) - aliases:
        del st.aliases[name]
    now = sizes(st)
    while st.history and total(st, now) > cap:
        del st.history[: max(1, len(st.history) // 4)]
