"""A classroom at once, measured side by side: one Streamlit process, and N behind nginx.

    python -m benchmarks classroom [--sessions 30] [--changes 10] [--processes 2] [--think 2 0] [--json PATH]

Each layout is started fresh, warmed by one visitor (as a teacher opening the page before class),
then `sessions` simulated visitors (ui/visit.py: Streamlit's websocket protocol, no
browser) open the formula page at the same moment and each moves x `changes` times, pausing about
`--think` seconds before each change (uniform within ±50%, the same on every run; 0 for a change as
soon as the last result arrived, the worst case). Reported:
errors, the time to each visitor's first result, the time from each change to its result (median,
p95, max), and the server's memory (resident set of the Streamlit processes and their workers)
after the load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets

from explorer.ops.serve import Cluster, streamlit_process
from ui.visit import Session

from .procs import resident_mib


@dataclass
class Load:
    """What a classroom's worth of sessions measured."""

    sessions: int
    changes: int
    think: float
    first: list[float] = field(default_factory=list)  # seconds from connecting to the first finished run
    latencies: list[float] = field(default_factory=list)  # seconds from each change to its finished run
    errors: list[str] = field(default_factory=list)
    upstreams: dict[str, int] = field(default_factory=dict)  # behind nginx: sessions per process
    seconds: float = 0.0  # wall time of the whole load

    def summary(self) -> dict:
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else None
        return {"sessions": self.sessions, "changes": self.changes, "think_s": self.think, "errors": len(self.errors),
                "first_errors": self.errors[:3], "first_run_median_s": _median(self.first),
                "first_run_max_s": max(self.first, default=None), "change_median_s": _median(self.latencies),
                "change_p95_s": p95, "change_max_s": max(ordered, default=None), "upstreams": self.upstreams,
                "wall_s": self.seconds}  # fmt: skip


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


async def _visitor(url: str, changes: int, key: str, load: Load, number: int, think: float) -> None:
    session = Session(url)
    pauses = random.Random(number)  # the same pauses on every run
    try:
        load.first.append(await session.open())
        for k in range(changes):
            if think:
                await asyncio.sleep(pauses.uniform(0.5 * think, 1.5 * think))  # a student reading the result
            load.latencies.append(await session.change(key, 0.5 + 0.1 * ((number + k) % 30)))
        await session.close()
    except (OSError, KeyError, websockets.WebSocketException) as exc:
        session.errors.append(f"{type(exc).__name__}: {exc}")
    load.errors += session.errors
    if session.upstream:
        load.upstreams[session.upstream] = load.upstreams.get(session.upstream, 0) + 1


def classroom(url: str, sessions: int = 30, changes: int = 10, think: float = 0.0, key: str = "value:x") -> Load:
    """`sessions` visitors open the formula page at once, then each moves x `changes` times, pausing
    about `think` seconds before each change (0: all at once, as fast as the server answers)."""
    load = Load(sessions, changes, think)

    async def everyone() -> None:
        await asyncio.gather(*(_visitor(url, changes, key, load, n, think) for n in range(sessions)))

    start = time.perf_counter()
    asyncio.run(everyone())
    load.seconds = time.perf_counter() - start
    return load


def _measure(url: str, pids: list[int], sessions: int, changes: int, think: float) -> dict:
    classroom(url, 1, 1)  # the teacher's visit: caches and workers warm
    load = classroom(url, sessions, changes, think)
    return {**load.summary(), "server_memory_mib": round(resident_mib(pids), 1)}


def one_process(sessions: int, changes: int, thinks: list[float]) -> list[dict]:
    """`streamlit run app.py` as it is, warmed by one visit."""
    with streamlit_process() as (server, url):
        return [{"layout": "1 process", **_measure(url, [server.pid], sessions, changes, t)} for t in thinks]


def behind_nginx(processes: int, sessions: int, changes: int, thinks: list[float]) -> list[dict]:
    """`python -m explorer serve --processes N` (explorer/ops/serve.py)."""
    with Cluster(processes) as cluster:
        pids = [c.pid for c in cluster.children[:-1]]  # the Streamlit processes (the last child is nginx)
        layout = f"{processes} processes behind nginx"
        return [{"layout": layout, **_measure(cluster.url, pids, sessions, changes, t)} for t in thinks]


def _row(r: dict) -> str:
    ms = {k: "–" if r[k] is None else f"{1000 * r[k]:.0f} ms" for k in ("change_median_s", "change_p95_s",
                                                                       "change_max_s")}  # fmt: skip
    pause = f"about {r['think_s']:g} s" if r["think_s"] else "none"
    return (f"| {r['layout']} | {r['sessions']} × {r['changes']} | {pause} | {r['errors']} | "
            f"{r['first_run_median_s']:.1f}–{r['first_run_max_s']:.1f} s | {ms['change_median_s']} | "
            f"{ms['change_p95_s']} | {ms['change_max_s']} | {r['server_memory_mib']:.0f} MiB |")  # fmt: skip


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks classroom", description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=30)
    p.add_argument("--changes", type=int, default=10)
    p.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    p.add_argument("--think", type=float, nargs="+", default=[2.0, 0.0],
                   help="seconds a visitor pauses before each change (0: none); one load per value")  # fmt: skip
    p.add_argument("--json", default=str(Path(__file__).with_name("classroom.json")))
    args = p.parse_args(argv)
    rows = one_process(args.sessions, args.changes, args.think)
    rows += behind_nginx(args.processes, args.sessions, args.changes, args.think)
    print("| layout | sessions × changes | pause before a change | errors | first result (median–max) "
          "| change median | p95 | max | server memory |\n|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    for r in rows:
        print(_row(r))
    Path(args.json).write_text(json.dumps({"cpus": os.cpu_count(), "results": rows}, indent=1) + "\n")
    print(f"written to {args.json}")
