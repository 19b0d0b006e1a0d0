"""awk: lexer, parser, values, built-in functions, interpreter."""
