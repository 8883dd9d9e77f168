"""Grid cells: a 2-D continuous attractor sheet (Burak & Fiete 2009) integrating an animal's run.

The lab is `GridLab` in `lab.py` (it needs Qt); the session in `session.py`
does not, so a notebook can import the session alone.
"""
