"""A fork server for work that must run in a child with time and memory limits (a snippet, SymPy).

The Streamlit server runs many threads, and forking a threaded process can deadlock the child.
So the server starts the fork server once as its own process (`python -m explorer.ops.jobs`, by fork and
exec, which runs `serve()` here with the jobs it may run): it imports torch and warms it up single-threaded,
then listens on a Unix socket in a private folder. Each request is answered by a child forked from that warm process:
the child sets its memory limit, runs the job and writes one JSON line back. Only JSON crosses
the socket in either direction; the server never unpickles what a child sends. When the server
goes away (its end of our stdin closes), the fork server exits too.

    python -m explorer.ops.jobs SOCKET_PATH   (started by `Client.start()`, not by hand)
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from explorer.workers.child import MAX_ANSWER, run_job

MAX_REQUEST = 1 << 20
PEAKS = "children.log"  # beside the socket: "pid peak-KiB" of each child that ended
SERVER = "explorer.ops.jobs"  # the fork server's program: this module's loop, with the jobs it may run
Jobs = dict[str, Callable[[dict], dict]]


def _serve_one(conn: socket.socket, jobs: Jobs) -> None:
    """In the forked child: read the request, run it, answer, exit."""
    request = json.loads(_read_line(conn, MAX_REQUEST))
    conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
    conn.sendall(json.dumps(run_job(request, jobs[str(request["job"])])).encode() + b"\n")


def _read_line(conn: socket.socket, limit: int) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(1 << 16)
        if not chunk:
            break
        data += chunk
        if len(data) > limit:
            raise ValueError("message too long")
    return data


def serve(path: str, jobs: Jobs) -> None:
    """The fork server's loop (in its own process, `python -m explorer.ops.jobs`, which names the jobs): warm
    up, say "ready", fork a child per connection."""
    import torch

    torch.set_num_threads(1)  # no intra-op thread pool in the process the children are forked from
    for job in jobs.values():
        job({"warm": True})
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    log = open(Path(path).parent / PEAKS, "a")  # noqa: SIM115 (open for the server's whole life)
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([listener, sys.stdin], [], [], 0.5)
        _reap(log)
        if sys.stdin in readable and not sys.stdin.buffer.read1(1):  # the server closed our stdin: it is gone
            os._exit(0)
        if listener not in readable:
            continue
        conn, _ = listener.accept()
        if os.fork() == 0:
            listener.close()
            try:
                _serve_one(conn, jobs)
            finally:
                os._exit(0)
        conn.close()


def _reap(log) -> None:
    """Wait for the children that ended, and note each one's peak memory (KiB) for `Client.peak`."""
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if log.tell() > 1 << 20:
            log.truncate(0)
            log.seek(0)
        log.write(f"{pid} {usage.ru_maxrss}\n")
        log.flush()


class Client:
    """The Streamlit server's side: starts the fork server once, then asks it for runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._ready = False
        self._path = ""
        self.last_pid: int | None = None  # the child that ran the last job asked (for `peak`)

    def start(self, wait: bool = False) -> None:
        """Start the fork server if it is not running; with `wait`, until it has warmed up and listens.
        Without, the app's first page is not held up by the 5 s it takes (the first snippet waits)."""
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                folder = tempfile.mkdtemp(prefix="explorer-")  # mode 0700: only this user reaches the socket
                self._path = str(Path(folder) / "forkserver.sock")
                root = Path(__file__).resolve().parents[2]
                self._process = subprocess.Popen([sys.executable, "-m", SERVER, self._path],
                                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)  # fmt: skip
                self._ready = False
                atexit.register(self.stop)
            if wait and not self._ready:
                line = self._process.stdout.readline()  # type: ignore[union-attr]
                if line.strip() != b"ready":
                    raise RuntimeError("the fork server did not start")
                self._ready = True

    def stop(self) -> None:
        """Close the fork server's stdin (it exits at once) and wait for it: at exit, or in tests."""
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.stdin.close()  # type: ignore[union-attr]
            process.stdout.close()  # type: ignore[union-attr]
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()

    def ask(self, request: dict, seconds: float) -> dict:
        """One job in a fresh child; {"failed": "timeout" | "died"} when it overran or crashed."""
        self.start(wait=True)
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(seconds)
        pid = None
        try:
            conn.connect(self._path)
            conn.sendall(json.dumps(request).encode() + b"\n")
            stream = conn.makefile("rb")
            pid = json.loads(stream.readline(MAX_REQUEST))["pid"]
            self.last_pid = pid
            line = stream.readline(MAX_ANSWER + 1)
            if not line.endswith(b"\n"):
                return {"failed": "died"}
            return json.loads(line)
        except TimeoutError:
            self._stop(pid)
            return {"failed": "timeout"}
        except (OSError, ValueError, KeyError, TypeError):
            self._stop(pid)
            return {"failed": "died"}
        finally:
            conn.close()

    @property
    def folder(self) -> str:
        """The fork server's private folder (mode 0700), where its children leave files for the server."""
        self.start()
        return str(Path(self._path).parent)

    def peak(self, pid: int, wait: float = 3.0) -> int | None:
        """The peak memory (KiB) of one child, once the fork server has reaped it."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                for line in (Path(self._path).parent / PEAKS).read_text().splitlines():
                    child, _, kib = line.partition(" ")
                    if child == str(pid):
                        return int(kib)
            time.sleep(0.05)
        return None

    @staticmethod
    def _stop(pid: object) -> None:
        """Kill a child that overran (one that answered has exited by itself)."""
        if isinstance(pid, int):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


CLIENT = Client()
