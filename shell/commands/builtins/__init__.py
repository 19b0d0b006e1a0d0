"""The shell's builtins: those working on the interpreter's state through ctx.shell (flow, dirs,
read, set, shopt, type, vars) and those that are also programs (echo, printf, test) or help."""
