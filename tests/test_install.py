"""The package as a user installs it: `pip install .` into a fresh virtual environment, then the
installed `autodiff-explorer` command (the CLI, and the app served) and the Python API, run from
outside the clone so that nothing of the clone's own files is used.

The venv sees this machine's site-packages (`--system-site-packages`) so that pip finds torch and
the other pinned dependencies already installed instead of downloading 1 GB again; the package
itself is built from pyproject.toml and installed fresh into the venv."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

import pytest

from explorer.ops.serve import free_port, healthy
from ui.visit import visit

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(where)
    python = where / "bin" / "python"
    done = subprocess.run([python, "-m", "pip", "install", "-q", "--no-cache-dir", str(ROOT)], cwd=where,
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return where


def test_the_package_is_installed_from_pyproject_with_its_files(installed):
    python = installed / "bin" / "python"
    show = "import explorer, ui.main; print(explorer.__file__); print(ui.main.__file__)"
    done = subprocess.run([python, "-c", show], cwd=installed, capture_output=True, text=True, check=True)
    where = done.stdout.split()
    assert all(str(installed) in path for path in where)  # the venv's copy, not the clone
    site = Path(where[1]).parent
    assert (site / ".streamlit" / "config.toml").read_text() == (ROOT / ".streamlit" / "config.toml").read_text()
    assert (Path(where[0]).parent / "i18n" / "ja.toml").exists()


def test_the_command_runs_the_cli(installed):
    done = subprocess.run([installed / "bin" / "autodiff-explorer", "(sqrt(x)+1)^3", "--at", "x=2"], cwd=installed,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.stdout == "y = tensor(14.0711, grad_fn=<PowBackward0>)\nx.grad = tensor(6.1820)\n", done.stderr


def test_the_api_works_from_the_installed_package(installed):
    script = ("import torch, torch.nn as nn, explorer\n"
              "torch.manual_seed(0)\nm = nn.Linear(3, 2)\nloss = m(torch.randn(5, 3)).pow(2).mean()\n"
              "d = explorer.backward(loss, names=m)\n"
              "print(torch.equal(m.weight.grad, next(n.grad for n in d.graph.nodes if n.variable == 'weight')))\n"
              "print('<svg' in d.svg())\n")  # fmt: skip
    done = subprocess.run([installed / "bin" / "python", "-c", script], cwd=installed, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.stdout == "True\nTrue\n", done.stderr[-2000:]


def test_the_command_serves_the_app(installed):
    port = free_port()
    server = subprocess.Popen([installed / "bin" / "autodiff-explorer", "--server.port", str(port),
                               "--server.address", "127.0.0.1"], cwd=installed,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        assert healthy(url)
        assert visit(url) == []  # the formula page ran through: no exception, a finished run
        assert visit(url, "code") == []
    finally:
        server.terminate()
        server.wait(timeout=30)
