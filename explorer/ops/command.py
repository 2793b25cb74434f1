"""How the app is started as a program: `streamlit run` on the installed ui/main.py, found without importing
Streamlit (the installed command, `explorer serve` and the benchmarks start it the same way)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def app_path() -> Path:
    """ui/main.py where it is installed (or in the clone), found without importing Streamlit."""
    spec = importlib.util.find_spec("ui.main")
    if spec is None or spec.origin is None:
        raise RuntimeError("the app's ui package is not installed")
    return Path(spec.origin)


def app_command(options: list[str] | tuple[str, ...] = (), script: Path | None = None) -> list[str]:
    """`streamlit run` on the app (or on another script, for a comparison), headless, no usage statistics."""
    return [sys.executable, "-m", "streamlit", "run", str(script or app_path()), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", *options]  # fmt: skip
