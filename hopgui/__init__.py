"""hopgui: the application. The only package that knows both the models and the widgets."""

import tomllib
from pathlib import Path


def _version() -> str:
    """The version in pyproject.toml: one source of truth for the About box and the bundle."""
    try:
        with open(Path(__file__).resolve().parents[1] / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


__version__ = _version()
