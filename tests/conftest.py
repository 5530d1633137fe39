"""Shared fixtures: every test gets its own data directory and no system config."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTSTEP_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("SMARTSTEP_CONFIG", raising=False)
    monkeypatch.setattr("kiosk.config.SYSTEM_CONFIG", tmp_path / "no-system-config.toml")
