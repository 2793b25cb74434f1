"""Shared fixtures: an AppTest factory with a timeout long enough for importing torch."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


@pytest.fixture
def app() -> AppTest:
    """A fresh run of app.py; st.cache_data is cleared so tests do not see each other's results."""
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at
