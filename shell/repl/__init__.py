"""The practice REPL (prompt_toolkit front end); `shelldojo run` never imports this package."""
