"""A 1,000-command beginner session, the same text for shelldojo and for real bash."""
from __future__ import annotations

STEPS = [
    "mkdir -p orders/CHI/LP{n}",
    "cd orders/CHI/LP{n}",
    "echo 'barbacoa bowl {n}' > order{n}.txt",
    "echo 'chicken burrito' >> order{n}.txt",
    "cat order{n}.txt",
    "ls -la",
    "cp order{n}.txt copy{n}.txt",
    "mv copy{n}.txt moved{n}.txt",
    "grep barbacoa order{n}.txt",
    "wc -l order{n}.txt",
    "cd ../../..",
    "find orders -name 'order{n}.txt'",
    "sort orders/CHI/LP{n}/order{n}.txt | uniq",
    "chmod 600 orders/CHI/LP{n}/moved{n}.txt",
    "ls orders/CHI",
    "pwd",
]


def session_script(commands: int = 1000) -> str:
    lines: list[str] = []
    n = 0
    while len(lines) < commands:
        for step in STEPS:
            if len(lines) >= commands:
                break
            lines.append(step.format(n=n))
        n += 1
    return "\n".join(lines) + "\n"
