"""shelldojo, the one installed import package.

Its parts live in the repository's top-level folders and are mapped in by pyproject's
`package-dir`: `shelldojo.filesystem` (filesystem/), `shelldojo.shell` (shell/),
`shelldojo.challenges` (challenges/).  This folder holds only the package itself and
`python -m shelldojo`.
"""
