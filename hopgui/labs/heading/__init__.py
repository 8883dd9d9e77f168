"""Head direction: a turning animal, its head-direction ring, drift in the dark and snap-back
in the light (Seelig & Jayaraman 2015).

The lab is `HeadingLab` in `lab.py` (it needs Qt); the session in `session.py`
does not, so a notebook can import the session alone.
"""
