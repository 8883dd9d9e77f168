"""Deferred import of the compiled kernels: importing numba alone takes about half a second,
which the first window of the app must not wait for. The module loads on first attribute use."""

import importlib
import threading
from types import ModuleType
from typing import Any


class _LazyModule:
    """Stands in for a module until an attribute is first looked up, then imports it once.

    Thread-safe: two labs build their models in two worker threads at the same moment.
    (importlib.util.LazyLoader is not, on Python 3.11.)
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None
        self._lock = threading.Lock()

    def __getattr__(self, attribute: str) -> Any:
        module = self._module
        if module is None:
            with self._lock:
                if self._module is None:
                    self._module = importlib.import_module(self._name)
                module = self._module
        return getattr(module, attribute)


def lazy_import(name: str) -> Any:
    """Module `name`, imported only when one of its attributes is first looked up."""
    return _LazyModule(name)
