"""A kiosk session: the service that runs it, and the pieces it is made of.

- ``service``: ``SessionService``, event routing and commit-before-show.
- ``flow``: the stages a patient goes through (calibrate, countdown, sets, rests).
- ``parts``: one session's analysis engine, metronome, recording and test.
- ``cues``, ``summary``, ``view``: what the screens are shown.
"""
