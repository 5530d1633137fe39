"""USB sync: sticks in, data out safely; several kiosks merged into one clinic database.

No Kivy here; the staff export screen talks only to ``SyncService``.

- ``sticks``: what a stick is (``Stick``), stick events, the backend seam;
  ``backends``: picks one from the config.
- ``sim_sticks``: the simulated backend (a folder under a watched directory).
- ``udisks`` + ``udev_sticks``: the Pi backend (pyudev events, udisks2 over D-Bus).
- ``stickfs``: writing to a stick (temp name, fsync, rename) and what its errors mean.
- ``exporter``: one export (the export layout) with progress and cancel.
- ``snapshot``, ``csv_tables``, ``manifest``, ``pseudonym``: its parts; ``sealed``:
  the encrypted archive of an encrypted export (age).
- ``merge`` + ``schema``: ``smartstep merge``.
- ``service``: stick events + exporter + eject, for the screen.
- ``codes``: every outcome as a code; words live with the screen / command.
"""
