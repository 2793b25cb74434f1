"""The formula page's inputs: the examples, the formula box, a value and a switch per variable, the dtype."""

from __future__ import annotations

import streamlit as st

from explorer.formula.errors import FormulaError
from explorer.formula.parser import parse
from explorer.formula.presets import PRESETS, Preset
from explorer.formula.tree import Formula
from ui.common import number_field, plain, tr

DEFAULT_PRESET = PRESETS[5]  # the tutorial's example 5: (sqrt(x)+1)^3 at x=2
DEFAULT_VALUE = 1.0


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


def current_preset() -> Preset | None:
    return next((p for p in PRESETS if p.label == st.session_state.get("preset")), None)


def preset_buttons() -> None:
    """The tutorial's examples in a row that wraps: on a phone they stay on the page, not in a closed sidebar."""
    st.caption(f"**{tr('sidebar.examples')}** · {tr('sidebar.examples_caption')}")
    with st.container(horizontal=True, gap="small", key="examples"):
        for preset in PRESETS:  # the key is the English label, whatever the language
            st.button(tr(preset.said_label), key=f"preset:{preset.label}", on_click=apply_preset,
                      args=(preset,), width="content")  # fmt: skip


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
        st.error(tr("formula.cannot_read", error=plain(tr(exc.said))))
        caret = " " * exc.start + "^" * max(1, min(exc.end, len(text)) - exc.start)
        st.code(f"{text}\n{caret}", language=None)
        return None


def variable_inputs(formula: Formula) -> tuple[dict[str, float], dict[str, bool]]:
    """A number input and a requires_grad switch per variable; both survive formula edits and page
    switches (persist_state="session"), and a switch left off is named, so it never goes unnoticed."""
    point: dict[str, float] = {}
    grads: dict[str, bool] = {}
    names = formula.variables
    row = st.container(horizontal=True, gap="medium") if names else None  # wraps: four a row on a wide page
    for name in names:
        st.session_state.setdefault(f"grad:{name}", True)
        with row.container(width=220):
            point[name] = number_field(name, f"value:{name}", DEFAULT_VALUE)
            grads[name] = st.toggle(tr("variables.requires_grad"), key=f"grad:{name}", persist_state="session",
                                    help=tr("variables.requires_grad_help", name=name))  # fmt: skip
    if not formula.variables:
        st.info(tr("variables.none"))
    frozen = [name for name in names if not grads[name]]
    if frozen:
        st.caption(tr("variables.frozen", names=tr("list.separator").join(f"`{n}`" for n in frozen)))
    return point, grads


def dtype_input() -> str:
    return st.radio(tr("dtype.label"), ["float32", "float64"], key="dtype", horizontal=True,
                    persist_state="session", help=tr("dtype.help"))  # fmt: skip
