"""The Ising magnet lab: spins on a grid or chain, the physics a Hopfield network borrows.

The lab is `IsingLab` in `lab.py` (it needs Qt); the session in `session.py` does not.
"""
