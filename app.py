"""autodiff-explorer: type a formula, see the autograd graph PyTorch builds for it.

This file only collects input, calls the pipeline in `explorer/` and lays out the results.
It reads top to bottom like the pipeline: parse -> build -> symbolic -> graph -> plots.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re

import streamlit as st
import torch

from explorer import share
from explorer.bounded import Outcome, run_bounded
from explorer.build import Computation, Result, forward, torch_text
from explorer.code import script
from explorer.draw import LARGE_GRAPH, expression_dot, legend_dot, to_dot
from explorer.explain import Finding, explain
from explorer.export import svg
from explorer.figures import curve_figure, slices_figure, surface_figure
from explorer.graph import Graph, short, trace
from explorer.higher import accumulated, directional, gradient_graph, hessian
from explorer.i18n import LANGUAGE_NAMES, LANGUAGES, language, t
from explorer.parse import Formula, FormulaError, canonical, latex_name, parse, to_latex
from explorer.plots import curve, default_range, surface, undefined_runs
from explorer.presets import PRESETS, Preset
from explorer.report import output_name, printout
from explorer.rules import rule
from explorer.symbolic import Symbolic, evaluate, second_derivatives, symbolic

st.set_page_config(page_title="autodiff-explorer", page_icon="∂", layout="wide")

DEFAULT_PRESET = PRESETS[5]  # the tutorial's example 5: (sqrt(x)+1)^3 at x=2
DEFAULT_VALUE = 1.0
MAX_GRADIENT_GRAPH = 600  # nodes + edges of the gradient's own graph that are still drawn


# ------------------------------------------------------------------------- helpers
def plain(text: str) -> str:
    """Text shown through Markdown as it is: every ASCII punctuation mark escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$&:'\"])", r"\\\1", text)


def lang() -> str:
    """The language the user chose in the sidebar ("en" or "ja"; English until then)."""
    return language(st.session_state.get("lang"))


def tr(key: str, **params: object) -> str:
    """The catalog's message `key` (explorer/i18n.py) in the user's language."""
    return t(key, lang(), **params)


@st.cache_data(max_entries=256, show_spinner=False)
def cached_symbolic(text: str) -> Symbolic:
    """SymPy's derivatives depend on the formula text alone: computed once per formula."""
    return symbolic(parse(text))


def apply_preset(preset: Preset) -> None:
    st.session_state["formula"] = preset.formula
    st.session_state["dtype"] = "float32"
    for name, value in preset.point.items():
        st.session_state[f"value:{name}"] = value
        st.session_state[f"grad:{name}"] = True
    for key in [k for k in st.session_state if str(k).startswith(("lo:", "hi:"))]:
        del st.session_state[key]
    st.session_state["preset"] = preset.label


def forget_preset() -> None:
    st.session_state.pop("preset", None)


# ---------------------------------------------------------------------- the inputs
def preset_buttons() -> None:
    st.sidebar.header(tr("sidebar.examples"))
    st.sidebar.caption(tr("sidebar.examples_caption"))
    for preset in PRESETS:  # the key is the English label, whatever the language
        st.sidebar.button(preset.localized_label(lang()), key=f"preset:{preset.label}", on_click=apply_preset,
                          args=(preset,), width="stretch")  # fmt: skip


# The plot views: the radio's options are the English labels (kept in session state); shown translated.
VIEW_KEYS = {"map": "view.map", "curve": "view.curve"}
VIEW_LABELS = {view: t(key) for view, key in VIEW_KEYS.items()}


def view_label(label: str, in_language: str) -> str:
    """An option of the view radio (its English label) in `in_language`, which is bound when the
    radio is made: Streamlit may call a format function outside the script run."""
    return next((t(VIEW_KEYS[v], in_language) for v, english in VIEW_LABELS.items() if english == label), label)


def restore_link() -> None:
    """Once per session: a shared link's settings become the widgets' starting values.

    Runs before any widget (the language switch in the sidebar comes first on every page);
    what could not be used is kept for `link_warnings` on the formula page."""
    if st.session_state.get("link_read"):
        return
    st.session_state["link_read"] = True
    state, problems = share.read(st.query_params.to_dict())
    if state.formula is None:
        apply_preset(DEFAULT_PRESET)
    else:
        st.session_state["formula"] = state.formula
    for name, value in state.values.items():
        st.session_state[f"value:{name}"] = value
    for name, grad in state.grads.items():
        st.session_state[f"grad:{name}"] = grad
    if state.dtype:
        st.session_state["dtype"] = state.dtype
    for name, (lo, hi) in state.ranges.items():
        for key, value in ((f"lo:{name}", lo), (f"hi:{name}", hi)):
            if value is not None:
                st.session_state[key] = value
    if state.view:
        st.session_state["plot_kind"] = VIEW_LABELS[state.view]
    if state.lang:
        st.session_state["lang"] = state.lang
    st.session_state["link_problems"] = problems


def link_warnings() -> None:
    """What a shared link asked for and did not get, once, in the user's language."""
    for problem in st.session_state.pop("link_problems", []):
        reason = problem.localized(lang())
        st.warning(tr("link.not_used", parameter=plain(problem.parameter), reason=plain(reason)))


def save_link(formula: Formula | None, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    """The page's state into the URL, so that a copied link reopens exactly this view."""
    names = formula.variables if formula else ()
    ranges = {n: (st.session_state.get(f"lo:{n}"), st.session_state.get(f"hi:{n}")) for n in names}
    view = next((k for k, label in VIEW_LABELS.items() if st.session_state.get("plot_kind") == label), None)
    ranges = {n: r for n, r in ranges.items() if r != (None, None)}
    state = share.ViewState(st.session_state.get("formula", ""), point, grads, dtype, ranges,
                            view if len(names) > 1 else None, lang=st.session_state.get("lang", "en"))  # fmt: skip
    params = share.write(state)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def formula_input() -> Formula | None:
    text = st.text_input(
        tr("formula.label"),
        key="formula",
        persist_state="session",
        on_change=forget_preset,
        max_chars=None,
        placeholder=tr("formula.placeholder"),
        help=tr("formula.help"),
    )
    try:
        return parse(text)
    except FormulaError as exc:
        st.error(tr("formula.cannot_read", error=plain(exc.localized(lang()))))
        caret = " " * exc.start + "^" * max(1, min(exc.end, len(text)) - exc.start)
        st.code(f"{text}\n{caret}", language=None)
        return None


def variable_inputs(formula: Formula) -> tuple[dict[str, float], dict[str, bool]]:
    """A number input and a requires_grad switch per variable; values survive formula edits
    and page switches (persist_state="session")."""
    point: dict[str, float] = {}
    grads: dict[str, bool] = {}
    per_row = 4
    names = formula.variables
    columns = [c for i in range(0, len(names), per_row) for c in st.columns(per_row)]
    for column, name in zip(columns, names, strict=False):
        st.session_state.setdefault(f"value:{name}", DEFAULT_VALUE)
        st.session_state.setdefault(f"grad:{name}", True)
        with column:
            point[name] = float(st.number_input(name, key=f"value:{name}", format="%.6g", step=0.1,
                                                persist_state="session"))
            grads[name] = st.toggle(tr("variables.requires_grad"), key=f"grad:{name}", persist_state="session",
                                    help=tr("variables.requires_grad_help", name=name))  # fmt: skip
    if not formula.variables:
        st.info(tr("variables.none"))
    return point, grads


# ---------------------------------------------------------------------- the outputs
def describe_number(label: str, value: float) -> str | None:
    if math.isnan(value):
        return tr("number.nan", label=label)
    if math.isinf(value):
        return tr("number.inf", label=label)
    return None


def show_printout(formula: Formula, result: Result, preset: Preset | None, findings: list[Finding]) -> None:
    st.subheader(tr("printout.heading"))
    st.code(printout(formula, result, output_name(formula)), language="python")
    if preset is not None:
        st.caption(tr("printout.tutorial", prints=", ".join(preset.prints), note=preset.localized_note(lang())))
    notes = [describe_number(output_name(formula), result.value.item())]
    notes += [describe_number(f"{n}.grad", g.item()) for n, g in result.grads.items() if g is not None]
    for note in filter(None, notes):
        st.warning(note)
    if findings:  # where the nan or inf was born, or where autograd chose a slope at a corner
        st.info("\n".join([tr("why.heading"), *(f"- {tr(f.key, **f.params)}" for f in findings)]))


def show_derivatives(formula: Formula, result: Result, point: dict[str, float], dtype: str) -> None:
    st.subheader(tr("derivatives.heading"))
    sym = cached_symbolic(formula.text)
    if not sym.ok:
        st.warning(tr("derivatives.gave_up", reason=plain(sym.reason)))
        return
    tolerance = 1e-4 if dtype == "float32" else 1e-9
    for name in formula.variables:
        partial = sym.partials[name]
        lhs = rf"\frac{{\partial {output_name(formula)}}}{{\partial {latex_name(name)}}}"
        st.latex(f"{lhs} = {partial.latex}" if partial.latex else rf"{lhs} = \text{{{tr('derivatives.too_long')}}}")
        exact = evaluate(partial.expr, point)
        grad = result.grads[name]
        if isinstance(exact, complex):
            verdict = tr("derivatives.not_real")
        elif grad is None:
            verdict = tr("derivatives.autograd_none", name=name)
        else:
            auto = grad.item()
            agree = math.isclose(auto, exact, rel_tol=tolerance, abs_tol=tolerance) or (
                math.isnan(auto) and math.isnan(exact)
            )
            badge = tr("badge.agrees") if agree else tr("badge.differs")
            verdict = tr("derivatives.autograd_value", value=f"{auto:.6g}", badge=badge, tolerance=f"{tolerance:g}",
                         dtype=dtype)  # fmt: skip
        st.markdown(tr("derivatives.at_point", exact=f"{exact:.8g}", verdict=verdict))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_svg(dot: str) -> bytes:
    """SVG of a DOT text (Graphviz in WebAssembly on the server); pure, so shared safely."""
    return svg(dot)


def fresh_chart(dot: str, name: str) -> None:
    """A Graphviz chart in a container keyed by its DOT text: a changed drawing is a new element.

    The browser's Graphviz then lays it out from scratch; diffing a large drawing against the
    previous one took seconds (measured: 4.0 s against 0.8 s for a 150-node graph)."""
    with st.container(key=f"{name}-{hashlib.sha256(dot.encode()).hexdigest()[:16]}"):
        st.graphviz_chart(dot)


def step_controls(formula: Formula, graph: Graph) -> int | None:
    """The backward stepper: None shows the finished pass; k shows it after k engine steps."""
    total = len(graph.steps)
    if total == 0 or not st.toggle(tr("walk.toggle"), key="walk"):
        return None
    structure = (canonical(formula), tuple(n.variable or n.op for n in graph.nodes))
    if st.session_state.get("walk_structure") != structure:  # a new formula starts from the beginning
        st.session_state["walk_structure"] = structure
        st.session_state["step"] = 0
    st.session_state["step"] = max(0, min(int(st.session_state.get("step", 0)), total))

    def move(delta: int) -> None:
        st.session_state["step"] = max(0, min(st.session_state["step"] + delta, total))

    back, slider, forward_ = st.columns([1, 6, 1], vertical_alignment="bottom")
    back.button(tr("walk.back"), key="step_back", on_click=move, args=(-1,), disabled=st.session_state["step"] == 0,
                width="stretch")  # fmt: skip
    forward_.button(tr("walk.next"), key="step_next", on_click=move, args=(1,),
                    disabled=st.session_state["step"] == total, width="stretch")  # fmt: skip
    slider.slider(tr("walk.slider", total=total), 0, total, key="step")
    return int(st.session_state["step"])


def show_step(graph: Graph, progress: int, leaves: dict[str, torch.Tensor]) -> None:
    """What happened at this step of backward(): arrived, rule, sent, and the leaves' .grad so far."""
    if progress == 0:
        st.info(tr("step.before"))
    else:
        step = graph.steps[progress - 1]
        node = graph.node(step.node)
        what = tr("step.leaf", name=node.variable) if node.variable else tr("step.backward_node")
        st.markdown(tr("step.runs", step=progress, total=len(graph.steps), op=node.op, what=what,
                       arrived=short(step.arrived)))  # fmt: skip
        st.latex(rule(node.op))
        for target, grad in step.sent:
            receiver = graph.node(target)
            name = f"{receiver.op} ({receiver.variable})" if receiver.variable else receiver.op
            st.markdown(tr("step.sends", grad=short(grad), target=name))
    ran = {step.node for step in graph.steps[:progress]}
    running = {
        n.variable: (short(n.grad) if n.id in ran else "None") for n in graph.nodes if n.variable is not None
    }
    running |= {n.variable: "None (requires_grad=False)" for n in graph.untracked}
    grads = tr("list.separator").join(f"`{k}.grad = {v}`" for k, v in running.items())
    st.markdown(tr("step.running_grad", grads=grads))


def show_graph(formula: Formula, graph: Graph, computation: Computation) -> None:
    st.subheader(tr("graph.heading"))
    left, right = st.columns([2, 3])
    numbers = left.toggle(tr("graph.numbers"), value=True, key="numbers")
    saved = right.toggle(tr("graph.saved"), key="saved")
    progress = step_controls(formula, graph)
    tree_dot = expression_dot(formula, computation.values, numbers)
    graph_dot = to_dot(graph, output_name(formula), numbers=numbers, saved=saved, progress=progress)
    tree, backward = st.columns([2, 3])
    with tree:
        st.markdown(tr("graph.forward_title"))
        st.caption(tr("graph.forward_caption"))
        fresh_chart(tree_dot, "tree")
    with backward:
        st.markdown(tr("graph.backward_title"))
        st.caption(tr("graph.backward_caption"))
        fresh_chart(graph_dot, "autograd")
    if progress is not None:
        show_step(graph, progress, computation.leaves)
    with st.expander(tr("graph.legend")):
        st.graphviz_chart(legend_dot(lang()))
    drawn = to_dot(graph, output_name(formula), numbers=numbers, saved=saved)
    full = to_dot(graph, output_name(formula), numbers=numbers, saved=saved, compact=False)
    dl_dot, dl_svg, _ = st.columns([1, 1, 3])
    dl_dot.download_button(tr("graph.download_dot"), full, file_name="autograd.dot", mime="text/vnd.graphviz",
                           key="dl_dot", on_click="ignore")  # fmt: skip
    dl_svg.download_button(tr("graph.download_svg"), lambda: cached_svg(drawn), file_name="autograd.svg",
                           mime="image/svg+xml", key="dl_svg", on_click="ignore")  # fmt: skip
    if len(graph.nodes) > LARGE_GRAPH:
        st.caption(tr("graph.compact", count=len(graph.nodes)))


def range_inputs(variable: str, centre: float, column) -> tuple[float, float] | None:
    """'from' and 'to' for one variable's axis, kept per variable; None (with a message) if unusable."""
    lo_default, hi_default = default_range(centre)
    st.session_state.setdefault(f"lo:{variable}", lo_default)
    st.session_state.setdefault(f"hi:{variable}", hi_default)
    left, right = column.columns(2)
    lo = left.number_input(tr("range.from", variable=variable), key=f"lo:{variable}", format="%.6g")
    hi = right.number_input(tr("range.to", variable=variable), key=f"hi:{variable}", format="%.6g")
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        column.error(tr("range.bad", variable=variable))
        return None
    return lo, hi


def number(value: torch.Tensor | None) -> float | None:
    return None if value is None else value.item()


def describe_gaps(variable: str, xs: list[float], values: list[float | None]) -> None:
    runs = undefined_runs(xs, values)
    if runs:
        where = tr("list.separator").join(
            tr("gaps.stretch", start=f"{a:.4g}", end=f"{b:.4g}") if a != b else f"{a:.4g}" for a, b in runs[:4]
        )
        more = tr("gaps.more", count=len(runs) - 4) if len(runs) > 4 else ""
        st.caption(tr("gaps.caption", variable=variable, where=where, more=more))


def show_curve(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    top = st.columns([1, 2, 1], vertical_alignment="bottom")
    variable = top[0].selectbox(tr("curve.against"), formula.variables, key="plot_var",
                                help=tr("curve.against_help"))  # fmt: skip
    span = range_inputs(variable, point[variable], top[1])
    second = top[2].toggle(tr("curve.second"), key="second", help=tr("curve.second_help"))
    if span is None:
        return
    c = curve(formula, variable, point, *span, dtype, second=second)
    d2f_at = None
    if second:  # f'' at the point itself: the same double backward on a one-point grid
        d2f_at = curve(formula, variable, point, point[variable], point[variable], dtype, 1, second=True).d2f[0]
    fig = curve_figure(c, point[variable], result.value.item(), number(result.grads[variable]), d2f_at, lang())
    st.plotly_chart(fig, width="stretch", key="curve_chart")
    describe_gaps(variable, c.xs, c.f)
    if result.grads[variable] is None:
        st.caption(tr("curve.no_tangent", variable=variable))


def show_map(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    names = list(formula.variables)
    top = st.columns([1, 1, 1], vertical_alignment="bottom")
    xv = top[0].selectbox(tr("map.across"), names, index=0, key="map_x")
    others = [n for n in names if n != xv]
    yv = top[1].selectbox(tr("map.up"), others, key="map_y", help=tr("map.up_help"))
    three_d = top[2].toggle(tr("map.three_d"), key="three_d")
    ranges = st.columns(2)
    x_span = range_inputs(xv, point[xv], ranges[0])
    y_span = range_inputs(yv, point[yv], ranges[1])
    if x_span is None or y_span is None:
        return
    s = surface(formula, (xv, yv), point, x_span, y_span, dtype)
    grad_at = (number(result.grads[xv]), number(result.grads[yv]))
    fig = surface_figure(s, (point[xv], point[yv]), result.value.item(), grad_at, three_d, lang())
    st.plotly_chart(fig, width="stretch", key="map_chart")
    missing = sum(v is None for row in s.f for v in row)
    if missing:
        st.caption(tr("map.missing", missing=missing, total=len(s.xs) * len(s.ys)))
    st.caption(tr("map.arrows", x=xv, y=yv))
    slices = [curve(formula, v, point, *span, dtype) for v, span in ((xv, x_span), (yv, y_span))]
    grads = {v: number(result.grads[v]) for v in (xv, yv)}
    st.plotly_chart(slices_figure(slices, point, grads), width="stretch", key="slices_chart")


def show_plot(formula: Formula, point: dict[str, float], result: Result, dtype: str) -> None:
    if not formula.variables:
        return
    st.subheader(tr("plot.heading"))
    views = [VIEW_LABELS["map"], VIEW_LABELS["curve"]] if len(formula.variables) > 1 else []
    shown = functools.partial(view_label, in_language=lang())
    if views and st.radio(tr("plot.view"), views, format_func=shown, key="plot_kind", horizontal=True) == views[0]:
        show_map(formula, point, result, dtype)
    else:
        show_curve(formula, point, result, dtype)


# ------------------------------------------------------------- beyond first derivatives
@st.cache_data(max_entries=64, show_spinner=False)
def cached_second_derivatives(text: str) -> Outcome:
    """SymPy's Hessian for a formula text, in the bounded worker (pure, so shared safely)."""
    return run_bounded(second_derivatives, parse(text))


def matrix_latex(names: tuple[str, ...], rows: dict[str, dict[str, float]]) -> str:
    body = r" \\ ".join(" & ".join(f"{rows[a][b]:.6g}" for b in names) for a in names)
    return rf"H = \begin{{bmatrix}} {body} \end{{bmatrix}}"


def show_hessian(formula: Formula, point: dict[str, float], dtype: str) -> None:
    names = formula.variables
    h = hessian(formula, point, dtype)
    order = ", ".join(f"`{n}`" for n in names)
    st.markdown(tr("hessian.intro", order=order))
    st.latex(matrix_latex(names, h))
    outcome = cached_second_derivatives(formula.text)
    if not outcome.ok:
        st.caption(tr("hessian.gave_up", reason=plain(outcome.reason)))
    else:
        tolerance = 1e-4 if dtype == "float32" else 1e-9
        worst = max(
            (abs(h[a][b] - value) / max(1.0, abs(value)) for a in names for b in names
             if isinstance(value := evaluate(outcome.value[a][b], point), float) and math.isfinite(value)
             and math.isfinite(h[a][b])),
            default=0.0,
        )  # fmt: skip
        badge = tr("badge.agrees") if worst <= tolerance else tr("badge.differs")
        st.markdown(tr("hessian.against", worst=f"{worst:.3g}", badge=badge))
    variable = st.selectbox(tr("hessian.variable"), names, key="hess_var")
    gg = gradient_graph(formula, variable, point, dtype)
    st.caption(tr("hessian.gradient_graph", variable=variable, value=short(gg.value)))
    size = len(gg.graph.nodes) + len(gg.graph.edges)
    if size > MAX_GRADIENT_GRAPH:  # the browser's Graphviz would take minutes (x*x*...*x: 396 + 788)
        st.info(tr("hessian.too_large", nodes=len(gg.graph.nodes), edges=len(gg.graph.edges)))
    else:
        fresh_chart(to_dot(gg.graph, f"∂y/∂{variable}", numbers=False, name="gradient"), "double")


def show_modes(formula: Formula, point: dict[str, float], dtype: str) -> None:
    names = formula.variables
    st.markdown(tr("modes.direction"))
    columns = [c for i in range(0, len(names), 6) for c in st.columns(6)]
    direction = {}
    for column, name in zip(columns, names, strict=False):
        st.session_state.setdefault(f"dir:{name}", 1.0)
        direction[name] = column.number_input(f"v_{name}", key=f"dir:{name}", format="%.4g")
    d = directional(formula, point, direction, dtype)
    st.markdown(tr("modes.values", jvp=f"{d.jvp:.6g}", dot=f"{d.grad_dot:.6g}"))
    st.caption(tr("modes.explain", count=len(names)))


def show_again(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    if st.session_state.get("again_for") != canonical(formula):
        st.session_state["again_for"] = canonical(formula)
        st.session_state["again"] = 1
    left, right, _ = st.columns([1, 1, 3])
    if left.button(tr("again.more"), key="again_more", disabled=st.session_state["again"] >= 50):
        st.session_state["again"] += 1
    if right.button(tr("again.reset"), key="again_reset"):
        st.session_state["again"] = 1
    history = accumulated(formula, point, st.session_state["again"], grads, dtype)
    lines = [tr("again.after_call", count=k + 1) + "\n" + "\n".join(f"{n}.grad = {torch_text(g)}" for n, g in h.items())
             for k, h in enumerate(history)]  # fmt: skip
    st.code("\n".join(lines[-6:]), language="python")
    if len(history) > 1:
        st.warning(tr("again.warning", count=len(history)))


def show_beyond(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    if not formula.variables:
        return
    st.subheader(tr("beyond.heading"))
    hess, modes, again = st.tabs([tr("beyond.hessian"), tr("beyond.modes"), tr("beyond.again")])
    with hess:
        show_hessian(formula, point, dtype)
    with modes:
        show_modes(formula, point, dtype)
    with again:
        show_again(formula, point, grads, dtype)


def show_code(formula: Formula, point: dict[str, float], grads: dict[str, bool], dtype: str) -> None:
    with st.expander(tr("code.expander")):
        source = script(formula, point, grads, dtype)
        st.code(source, language="python")
        st.caption(tr("code.caption"))
        st.download_button(tr("code.download"), source, file_name="autograd_example.py", mime="text/x-python",
                           key="dl_code", on_click="ignore")  # fmt: skip


# --------------------------------------------------------------------------- the pages
def formula_page() -> None:
    st.title(tr("app.title"))
    st.caption(tr("app.caption"))
    preset_buttons()
    link_warnings()
    formula = formula_input()
    if formula is None:
        save_link(None, {}, {}, st.session_state.get("dtype", "float32"))
        return
    st.latex(f"{output_name(formula)} = {to_latex(formula)}")
    point, grads = variable_inputs(formula)
    dtype = st.radio(tr("dtype.label"), ["float32", "float64"], key="dtype", horizontal=True,
                     persist_state="session", help=tr("dtype.help"))  # fmt: skip
    preset = next((p for p in PRESETS if p.label == st.session_state.get("preset")), None)
    computation = forward(formula, point, grads, dtype)
    result, graph = trace(computation)
    findings = explain(computation, graph, dtype)
    printed, derived = st.columns([1, 1])
    with printed:
        show_printout(formula, result, preset, findings)
        show_code(formula, point, grads, dtype)
    show_graph(formula, graph, computation)
    show_plot(formula, point, result, dtype)
    show_beyond(formula, point, grads, dtype)
    save_link(formula, point, grads, dtype)
    with derived:  # last: every PyTorch number is on the page before SymPy starts (up to 1.5 s)
        show_derivatives(formula, result, point, dtype)


restore_link()  # before any widget: a link's lang=ja sets the switch below
st.sidebar.radio(tr("language.label"), LANGUAGES, format_func=LANGUAGE_NAMES.get, key="lang", horizontal=True,
                 persist_state="session")  # fmt: skip
st.navigation([
    st.Page(formula_page, title=tr("page.formula"), icon=":material/function:", default=True),
    st.Page("lab_page.py", title=tr("page.lab"), icon=":material/show_chart:", url_path="lab"),
]).run()  # fmt: skip
