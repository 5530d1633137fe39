"""The session log: one SQLite database per kiosk (see ``store.py`` for the rules).

- ``store.Store``: typed reads and writes; ``add_rep`` is durable before it returns.
- ``recordings.SessionRecording``: gzip recording of a session's samples.
- ``queries``: what the staff screens show.
- ``staff``: staff mode's tables (accounts, patient list, prescriptions, progression
  suggestions, settings, audit log).
- ``demo_data``: ``smartstep demo-data``; ``export``: ``smartstep export`` / ``merge``.
"""
