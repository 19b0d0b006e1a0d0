"""shelldojo's shell: syntax, interpreter, commands, session, REPL and CLI."""
import sys as _sys
import warnings as _warnings

# A library's warning (zipfile's "Duplicate name", a DeprecationWarning...) would print Python
# text naming a host file to the learner: the engine shows none, unless the host asked (-W).
if not _sys.warnoptions:
    _warnings.simplefilter("ignore")
