"""shelldojo's shell: syntax, interpreter, commands, session, REPL and CLI."""
