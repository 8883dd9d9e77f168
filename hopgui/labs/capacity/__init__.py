"""The capacity explorer: sweep the load P/N of a Hopfield network (or a modern one) and watch
recall collapse near alpha_c = 0.138; letters and digits, which look alike, fail far earlier.

The lab is `CapacityLab` in `lab.py` (it needs Qt); the session in `session.py` does not.
"""
