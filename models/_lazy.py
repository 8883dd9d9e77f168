"""Deferred import of the compiled kernels: importing numba alone takes about half a second,
which the first window of the app must not wait for. The module loads on first attribute use."""

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """Return module `name`, executed only when one of its attributes is first looked up."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
