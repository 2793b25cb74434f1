"""Several Streamlit processes behind nginx (explorer/ops/serve.py, Debian's nginx on loopback): a visitor's
cookie keeps every request and its websocket on one process, and each process serves the whole page.
Needs nginx (scripts/test.sh installs it; without it the cluster says "apt-get install nginx")."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest

from explorer.ops.serve import COOKIE, Cluster
from ui.visit import Session, blocking


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with Cluster(2) as running:
        yield running


def upstream(cluster: Cluster, route: str | None) -> tuple[str, str]:
    """The process that answered a request with this route cookie, and the cookie nginx set."""
    headers = {"Cookie": f"{COOKIE}={route}"} if route else {}
    with urllib.request.urlopen(urllib.request.Request(f"{cluster.url}/_stcore/health", headers=headers)) as answer:
        assert answer.read() == b"ok"
        cookies = [c for c in answer.headers.get_all("Set-Cookie") or [] if c.startswith(f"{COOKIE}=")]
        return answer.headers["X-Explorer-Upstream"], cookies[0].split(";")[0].split("=", 1)[1]


def test_a_new_visitor_gets_a_route_and_keeps_its_process(cluster):
    first, route = upstream(cluster, None)
    assert len(route) == 32  # nginx's $request_id: 16 random bytes in hex
    assert {upstream(cluster, route) for _ in range(6)} == {(first, route)}


def test_routes_spread_over_both_processes_and_each_serves_the_page(cluster):
    by_process: dict[str, str] = {}
    for n in range(40):  # the hash of a route decides its process; 40 routes all landing on one is 2**-39
        where, _ = upstream(cluster, f"visitor{n}")
        by_process.setdefault(where, f"visitor{n}")
    assert sorted(by_process) == sorted(f"127.0.0.1:{b}" for b in cluster.backends)

    async def visit(route: str) -> Session:
        session = Session(cluster.url, cookie=f"{COOKIE}={route}")
        await session.open()
        await session.change("value:x", 3.0)
        await session.close()
        return session

    for where, route in by_process.items():
        session = blocking(lambda route=route: visit(route))
        assert session.upstream == where  # the websocket went to the visitor's process
        assert session.errors == []
        assert "x=3.0" in session.query  # the run after the change wrote its link: the page ran through
