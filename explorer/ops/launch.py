"""The installed command: `autodiff-explorer` starts the app, and every CLI subcommand works alongside.

    autodiff-explorer [app] [STREAMLIT OPTIONS ...]   the app (`streamlit run` on the installed ui/main.py)
    autodiff-explorer FORMULA ... | code | lab | run | serve ...   as `python -m explorer ...`

The app's Streamlit settings are the repository's .streamlit/config.toml, shipped next to ui/main.py
(Streamlit reads a .streamlit folder beside the main script), so an installed app is served as a
clone's `streamlit run app.py` is. This module starts Streamlit as a program; it never imports it.
"""

from __future__ import annotations

import importlib.util
import os
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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] == "app" or argv[0].startswith("--server.") or argv[0].startswith("--browser."):
        command = app_command(argv[1:] if argv[:1] == ["app"] else argv)
        os.execv(command[0], command)  # Streamlit in this process's place: Ctrl+C and signals reach it
    from explorer.__main__ import main as cli

    return cli(argv)
