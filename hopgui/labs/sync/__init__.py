"""The synchrony lab: oscillators that fall into step (Kuramoto 1975) and walkers on the
Millennium Bridge (Strogatz et al. 2005).

The lab is `SyncLab` in `lab.py` (it needs Qt); the session in `session.py` does not, so a
notebook can import the session alone.
"""
