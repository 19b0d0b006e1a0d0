"""`python -m shell` works the same as `shelldojo`."""
import sys

from shell.cli import main

sys.exit(main())
