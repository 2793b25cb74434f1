"""A Streamlit client without a browser: it speaks Streamlit's own websocket protocol. The load test
uses it (thirty sessions cost the machine thirty sockets, not thirty browsers), `explorer serve`
warms each process with one visit before anyone arrives (`python -m ui.visit URL PAGE ...`, a program of
its own: explorer/ starts Streamlit's side as programs and never imports Streamlit), and the tests check
nginx's affinity.

Each simulated visitor opens `/_stcore/stream` as the browser does (subprotocol "streamlit", the
affinity cookie nginx gave it), sends the `BackMsg` a browser sends to run the page, reads the
`ForwardMsg`s until `script_finished`, and learns the widgets' ids from the elements it received
(Streamlit ends an id with the widget's key). A change is a `rerun_script` carrying the new widget
value, as a browser sends it when a number is typed; its time runs until that run has finished.
An exception element, a run that did not finish successfully, or a closed socket is an error.
"""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
T = TypeVar("T")
TIMEOUT = 120.0  # seconds one run may take before the session counts it as an error


def affinity_cookie(url: str) -> str:
    """What a browser's first request gets: the cookies (nginx's route, Streamlit's XSRF) as one header."""
    with urllib.request.urlopen(f"{url}/", timeout=30) as answer:
        return "; ".join(c.split(";")[0] for c in answer.headers.get_all("Set-Cookie") or [])


@dataclass
class Session:
    url: str  # http://host:port of the app (or of nginx in front of it)
    page: str = ""  # the page's URL path: "" for the formula page, "code", "lab"
    cookie: str = ""  # the Cookie header; empty: take what a first request to the app sets, as a browser does
    widgets: dict[str, str] = field(default_factory=dict)  # widget id -> the type of its element
    errors: list[str] = field(default_factory=list)
    query: str = ""  # the share link the page last wrote (the browser sends it back with each rerun)
    page_hash: str = ""
    upstream: str = ""

    async def open(self) -> float:
        """Connect and run the page once, as a new visitor; seconds until the first run finished."""
        start = time.perf_counter()
        self.cookie = self.cookie or await asyncio.to_thread(affinity_cookie, self.url)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._socket = await websockets.connect(f"ws{self.url.removeprefix('http')}/_stcore/stream",
                                                subprotocols=["streamlit"], additional_headers=headers,
                                                max_size=None, open_timeout=TIMEOUT)  # fmt: skip
        self.upstream = self._socket.response.headers.get("X-Explorer-Upstream", "")
        await self._rerun([])
        return time.perf_counter() - start

    def widget(self, key: str) -> str:
        """The id Streamlit gave the widget with this key (it ends with the key)."""
        found = [i for i in self.widgets if i.endswith(f"-{key}")]
        if not found:
            raise KeyError(f"no widget with key {key!r} on the page")
        return found[0]

    async def change(self, key: str, value: float) -> float:
        """Type a number into the keyed number input; seconds until the rerun it caused finished."""
        start = time.perf_counter()
        await self._rerun([(self.widget(key), value)])
        return time.perf_counter() - start

    async def close(self) -> None:
        await self._socket.close()

    async def _rerun(self, numbers: list[tuple[str, float]]) -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string, state.page_name, state.page_script_hash = self.query, self.page, self.page_hash
        for widget_id, value in numbers:
            state.widget_states.widgets.add(id=widget_id, double_value=value)
        await self._socket.send(msg.SerializeToString())
        try:
            await asyncio.wait_for(self._until_finished(), TIMEOUT)
        except (TimeoutError, websockets.ConnectionClosed) as exc:
            self.errors.append(f"{type(exc).__name__} {exc}")

    async def _until_finished(self) -> None:
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self._socket.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element)
            elif kind == "script_finished":
                if msg.script_finished not in FINISHED and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.errors.append(f"run ended with status {msg.script_finished}")
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"exception: {element.exception.type}: {element.exception.message}"[:300])
            return
        inner = getattr(element, kind, None) if kind else None
        widget_id = getattr(inner, "id", "") if inner is not None else ""
        if isinstance(widget_id, str) and widget_id.startswith("$$ID"):
            self.widgets[widget_id] = kind


def blocking(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to its end from synchronous code, in a thread of its own: the caller's thread may
    already run an event loop (Playwright's synchronous API does), where asyncio.run is refused."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = asyncio.run(make())
        except BaseException as exc:  # noqa: BLE001 (handed to the caller below)
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def visit(url: str, page: str = "", cookie: str = "") -> list[str]:
    """One visitor opens a page and leaves; the errors it saw (none, if the page works)."""

    async def once() -> list[str]:
        session = Session(url, page, cookie)
        await session.open()
        await session.close()
        return session.errors

    return blocking(once)


if __name__ == "__main__":  # one visit of each page given: `explorer serve` warms a process so
    import sys

    problems = [error for page in sys.argv[2:] or [""] for error in visit(sys.argv[1], page)]
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1 if problems else 0)
