"""The session log: one SQLite database per kiosk (see ``store.py`` for the rules).

- ``store.Store``: typed reads and writes; ``add_rep`` is durable before it returns.
- ``recordings.SessionRecording``: gzip recording of a session's samples.
- ``queries``: what the staff screens show.
- Staff mode's tables, one module per concern, each the storage port of one staff
  service: ``accounts``, ``patients`` (searched with ``folding``), ``prescriptions``,
  ``progressions`` (suggestions), ``settings``, ``audit``; ``calibrations``.
(USB export and merge: ``kiosk.sync``; the demo history: ``kiosk.sim.history``.)
"""
