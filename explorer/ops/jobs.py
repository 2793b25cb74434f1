"""The fork server's program: the jobs a child may be asked for, and the loop that runs them.

    python -m explorer.ops.jobs SOCKET_PATH   (started by explorer.workers.forkserver.Client, not by hand)

It sits above both doors (it names the snippet's and SymPy's jobs), so the fork server itself imports neither.
"""

from __future__ import annotations

import sys

from explorer.formula.symbolic_job import job as sympy
from explorer.snippet.worker import job as snippet
from explorer.workers.forkserver import Jobs, serve

JOBS: Jobs = {"snippet": snippet, "sympy": sympy}  # the only work a child can be asked for

if __name__ == "__main__":
    serve(sys.argv[1], JOBS)
