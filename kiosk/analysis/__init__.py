"""Movement analysis: samples in, reps, measurements and faults out.

No Kivy and no hardware imports here: the same code runs live and offline.
Some modules may also be compiled (``setup.py``); ``build`` picks which runs.
"""

from kiosk.analysis.build import choose_build

BUILD = choose_build(__name__)
