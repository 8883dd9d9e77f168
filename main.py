"""Start hopgui: `uv run main.py` (add `--screenshot shot.png` to render the window and exit)."""

import sys

from hopgui.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
