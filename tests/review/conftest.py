"""A small database with the review's sample data (built once per test module)."""

from __future__ import annotations

import pytest

from kiosk.sim.samples.review import build_review_samples
from kiosk.storage.store import Store


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "smartstep.db"
    with Store(path) as store:
        ids = build_review_samples(store)
    return path, ids


@pytest.fixture
def sample(sample_db):
    path, ids = sample_db
    with Store(path, recover=False) as store:
        yield store, ids
