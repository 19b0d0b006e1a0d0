"""Processes: kill (bash's builtin and procps's /usr/bin/kill), ps, pgrep, pkill, pidof."""
