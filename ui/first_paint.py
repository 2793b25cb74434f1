"""A new visitor's first paint does not wait for Plotly's bundle.

Streamlit's browser code loads each kind of element's code when the first such element arrives.
Plotly's is 4.7 MB, and evaluating it is one 1.3–1.6 s task on the browser's main thread (measured
in Chromium on this 2-core machine); elements that arrived in the same run are revealed only after
it, so the formula box, the printout and the graph waited for the plot (6.3 s where a bare page
with one Graphviz chart takes 1.9 s).

So in a session's first run a plot is only a placeholder of its height, and a timer in the browser
(a fragment with `run_every`, Streamlit's own mechanism) asks once for a full run after `WAIT`
seconds; that run, and every later one, draws the plot. A full run ends every such timer. Any
change the visitor makes first is a full run too, and it draws the plot at once.
"""

from __future__ import annotations

import streamlit as st

PAINTED = "first_paint"  # set at the end of a session's first run of the page
WOKEN = "first_paint_woken"  # the timer's full run was asked for (a busy browser may tick once more before it)
WAIT = 0.8  # seconds after the first run's elements reached the browser


def painted() -> bool:
    """True once this session's first run of the page has ended: charts are drawn from now on."""
    return bool(st.session_state.get(PAINTED))


def done() -> None:
    """The page's run has ended (called last by the page)."""
    st.session_state[PAINTED] = True


def wake() -> None:
    """Runs inline during the first run (nothing to do yet), then from the browser's timer: one full run,
    however often the timer ticks before that run's start reaches the browser and ends it."""
    if painted() and not st.session_state.get(WOKEN):
        st.session_state[WOKEN] = True
        st.rerun()


def placeholder(height: int, note: str) -> None:
    """Where a chart will be: the same height, a note, and the browser's timer that brings it."""
    st.container(height=height, border=False).caption(note)
    st.fragment(wake, run_every=WAIT)()
