"""The machine and the system: date, uname, env, which, man..."""
