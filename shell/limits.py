"""One limits object with named defaults; every bound of the shell lives here."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    """Bounds on one command line (or one script run non-interactively)."""

    max_commands: int = 200_000          # simple commands + loop iterations per command line
    max_call_depth: int = 1_000          # nested function calls / sourced files / subshells
    max_output_bytes: int = 16 * 1024 * 1024  # bytes written to the terminal or a capture
    max_brace_results: int = 100_000     # words one brace expansion may produce
    max_word_bytes: int = 4 * 1024 * 1024     # one expanded word / variable value
    wall_time_s: float = 8.0             # wall time per command line
    pipe_buffer_bytes: int = 64 * 1024   # buffer between two commands of a pipeline
    max_processes: int = 64              # pipeline stages running at once (stops fork bombs)
    memory_bytes: int = 256 * 1024 * 1024  # growth of resident memory during one command line
    session_state_bytes: int = 64 * 1024 * 1024  # variables, functions, aliases, history kept between lines
    max_script_bytes: int = 16 * 1024 * 1024     # a script or standard input read from the host


DEFAULT_LIMITS = Limits()
