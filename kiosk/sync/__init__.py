"""USB sync: noticing a stick, exporting to it safely, merging kiosks' exports. No Kivy."""
