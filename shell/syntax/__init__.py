"""Shell syntax: lexer -> parser -> typed AST (shell/syntax/ast.py)."""
