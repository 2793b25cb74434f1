"""The installed command: `autodiff-explorer` starts the app, and every CLI subcommand works alongside.

    autodiff-explorer [app] [STREAMLIT OPTIONS ...]   the app (`streamlit run` on the installed ui/main.py)
    autodiff-explorer FORMULA ... | code | lab | run | serve ...   as `python -m explorer ...`

The app's Streamlit settings are the repository's .streamlit/config.toml, shipped next to ui/main.py
(Streamlit reads a .streamlit folder beside the main script), so an installed app is served as a
clone's `streamlit run app.py` is. This module starts Streamlit as a program; it never imports it.
"""

from __future__ import annotations

import os
import sys

from explorer.ops.command import app_command


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] == "app" or argv[0].startswith("--server.") or argv[0].startswith("--browser."):
        command = app_command(argv[1:] if argv[:1] == ["app"] else argv)
        os.execv(command[0], command)  # Streamlit in this process's place: Ctrl+C and signals reach it
    from explorer.__main__ import main as cli  # the CLI's imports (torch) only when a subcommand asks

    return cli(argv)
