"""The built app's entry point: the same as the `facilitator` command."""

import sys

from facilitator.cli import main

if __name__ == "__main__":
    sys.exit(main())
