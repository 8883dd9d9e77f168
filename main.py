"""Start hopgui: `uv run main.py` (add `--screenshot shot.png` to render the window and exit)."""

import sys


def _not_hopgui_environment():
    """One line on how to start hopgui when this Python cannot run it (`python3 main.py` with
    the system's Python), else None. Written for old Pythons too: it must not fail itself."""
    import importlib.util

    missing = [
        name
        for name in ("PySide6", "pyqtgraph", "numpy", "numba")
        if importlib.util.find_spec(name) is None
    ]
    if sys.version_info >= (3, 11) and not missing:
        return None
    lacks = ", ".join(missing) if missing else "Python 3.11 or newer"
    return (
        "hopgui: this Python lacks " + lacks + "; start hopgui with `uv run " + sys.argv[0] + "`"
        " (uv sets up hopgui's own environment; how to get uv: README.md)"
    )


if __name__ == "__main__":
    problem = _not_hopgui_environment()
    if problem:
        sys.exit(problem)
    from hopgui.app import main

    sys.exit(main(sys.argv[1:]))
