"""`python -m shelldojo` works the same as `shelldojo`."""
import sys

from shelldojo.launch import main

sys.exit(main())
