"""Movement analysis: samples in, reps, measurements and faults out.

No Kivy and no hardware imports here: the same code runs live and offline.
"""
