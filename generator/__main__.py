"""`python -m generator`: see `generator.cli`."""

import sys

from generator.cli import main

# The guard matters: PDF workers are spawned processes, which import this module again.
if __name__ == "__main__":
    sys.exit(main())
