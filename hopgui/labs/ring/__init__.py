"""The ring-attractor lab: a bump of activity on a ring of neurons (Zhang 1996).

The lab is `RingLab` in `lab.py` (it needs Qt); the session in `session.py`
does not, so a notebook can import the session alone.
"""
