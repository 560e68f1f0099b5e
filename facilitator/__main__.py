"""Run Facilitator: `python -m facilitator` or the `facilitator` command."""

import sys

from facilitator.cli import main

if __name__ == "__main__":
    sys.exit(main())
