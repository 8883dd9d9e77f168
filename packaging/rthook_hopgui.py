"""PyInstaller runtime hook: what the bundle's environment needs before the app is imported.

numba's kernel cache goes to a writable folder of the user's: hopgui's kernels are compiled
with `cache=True`, and numba would write the cache beside their source, inside the bundle,
which may be read-only (and is shared by every user). numba reads NUMBA_CACHE_DIR when it
first loads, which is later.

Without any locale (`env -i`, a bare service), the bundle asks for UTF-8, as `python` itself
does (PEP 538), instead of Qt warning that it switched to C.UTF-8.
"""

import os
import sys
import tempfile


def _user_cache_dir() -> str:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
    return os.path.join(base, "hopgui", "numba")


def _writable(folder: str) -> bool:
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


if not os.environ.get("NUMBA_CACHE_DIR"):
    _folder = _user_cache_dir()
    if not _writable(_folder):  # a read-only home: a private folder in the temporary directory
        _user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
        _folder = os.path.join(tempfile.gettempdir(), f"hopgui-numba-{_user}")
    os.environ["NUMBA_CACHE_DIR"] = _folder

if not any(os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
    os.environ["LC_CTYPE"] = "C.UTF-8"
