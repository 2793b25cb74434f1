"""Several Streamlit processes behind nginx, with cookie-based session affinity: one command.

One Python process holds one GIL, so a classroom on one machine is served by one Streamlit process
per core behind nginx. A visitor's first request gets a cookie naming a random route; nginx hashes
the route to one process (`hash ... consistent`), so every later request and the websocket of that
visitor reach the same process (the session, its download files and caches live there). All
processes share one `server.cookieSecret`.

    python -m explorer serve [--processes N] [--port PORT] [--host 127.0.0.1]

runs until stopped (Ctrl+C), with nginx in the foreground of a private temporary folder. Each process
is visited once before the address is printed, so the first student does not wait for torch's and
SymPy's imports or the workers' fork server (a cold process: about 10 s). Needs
Debian's `nginx` (`apt-get install nginx`); it runs as the calling user, nothing is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from explorer.ops.command import app_command

ROOT = Path(__file__).resolve().parents[2]
WARM_PAGES = ("", "lab")  # the formula page (torch, Plotly, SymPy through the fork server) and the lab
COOKIE = "explorer_route"
NGINX = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    map $cookie_{cookie} $route {{ "" $request_id; default $cookie_{cookie}; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    upstream streamlit {{
        hash $route consistent;
{servers}
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://streamlit;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            add_header Set-Cookie "{cookie}=$route; Path=/; HttpOnly; SameSite=Lax" always;
            add_header X-Explorer-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def streamlit_command(port: int, host: str = "127.0.0.1", script: Path | None = None) -> list[str]:
    """`streamlit run` on the app (or `script`) as it is served: headless, no file watcher, no usage statistics."""
    options = ["--server.port", str(port), "--server.address", host, "--server.fileWatcherType", "none"]
    return app_command(options, script)


def healthy(url: str, seconds: float = 120.0) -> bool:
    """Wait for `url`'s /_stcore/health to answer "ok" (Streamlit's own readiness probe)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return True
        except OSError:
            time.sleep(0.1)  # not listening yet: poll again
    return False


@contextlib.contextmanager
def streamlit_process(script: Path | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """One Streamlit process on a free loopback port, once it answers its health check: (process, URL)."""
    port = free_port()
    server = subprocess.Popen(streamlit_command(port, script=script), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        if not healthy(url):
            raise RuntimeError(f"{script or 'the app'} did not start")
        yield server, url
    finally:
        server.terminate()
        server.wait(timeout=30)


@dataclass
class Cluster:
    """N Streamlit processes and the nginx in front of them, on loopback ports."""

    processes: int = 2
    port: int = 0  # nginx's port; 0 picks a free one
    host: str = "127.0.0.1"
    backends: list[int] = field(default_factory=list)
    children: list[subprocess.Popen] = field(default_factory=list)
    folder: str = ""

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Cluster:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(nginx):
            raise RuntimeError("nginx is not installed: apt-get install nginx")
        self.folder = tempfile.mkdtemp(prefix="explorer-nginx-")
        self.port = self.port or free_port(self.host)
        # The same secret for every process (Streamlit takes it from the environment, not the command line).
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(32)}
        self.backends = [free_port() for _ in range(self.processes)]
        for backend in self.backends:
            self.children.append(subprocess.Popen(streamlit_command(backend), cwd=ROOT, env=env,
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
        servers = "\n".join(f"        server 127.0.0.1:{b};" for b in self.backends)
        conf = Path(self.folder) / "nginx.conf"
        conf.write_text(NGINX.format(folder=self.folder, cookie=COOKIE, servers=servers, host=self.host,
                                     port=self.port))  # fmt: skip
        self.children.append(subprocess.Popen([nginx, "-c", str(conf), "-p", self.folder, "-g", "daemon off;"],
                                              stderr=subprocess.DEVNULL))  # fmt: skip
        if not all(healthy(f"http://127.0.0.1:{b}") for b in self.backends) or not healthy(self.url):
            self.stop()
            raise RuntimeError("the processes behind nginx did not start")
        for backend in self.backends:  # one visit each, before anyone arrives: imports, caches, the fork server
            subprocess.run([sys.executable, "-m", "ui.visit", f"http://127.0.0.1:{backend}", *WARM_PAGES],
                           check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)  # fmt: skip
        return self

    def stop(self) -> None:
        for child in reversed(self.children):
            child.send_signal(signal.SIGTERM)
        for child in self.children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        self.children = []
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m explorer serve", description=__doc__.splitlines()[0])
    p.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="Streamlit processes (one per core)")
    p.add_argument("--port", type=int, default=8080, help="nginx's port")
    p.add_argument("--host", default="127.0.0.1", help="nginx's address (0.0.0.0 to serve a network)")
    args = p.parse_args(argv)
    if not 1 <= args.processes <= 64:
        p.error("--processes must be between 1 and 64")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops the processes and nginx too
    with Cluster(args.processes, args.port, args.host) as cluster:
        print(f"{args.processes} Streamlit processes behind nginx: {cluster.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            cluster.children[-1].wait()
    return 0
