"""The associative-memory (Hopfield) lab: draw, store, corrupt, and watch the network recall.

The lab is `HopfieldLab` in `lab.py` (it needs Qt); the session in `session.py`
does not, so a notebook can import the session alone.
"""
