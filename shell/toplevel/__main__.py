"""`python -m shelldojo` works the same as `shelldojo`."""
import sys

from shelldojo.shell.cli import main

sys.exit(main())
