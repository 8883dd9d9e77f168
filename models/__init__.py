"""Network dynamics of hopgui: plain numpy (and numba), no Qt."""
