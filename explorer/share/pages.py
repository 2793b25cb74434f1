"""Each page's settings, declared once as a table: URL parameter, the widget's session-state key, kind, default."""

from __future__ import annotations

from explorer.formula.forward import DTYPES
from explorer.i18n import LANGUAGES
from explorer.share.setting import VARIABLE, Setting


def _variable_setting(param: str, key: str, kind: str, default: object = None) -> Setting:
    return Setting(VARIABLE + param, key.replace("{}", VARIABLE), kind, default)


LANGUAGE = Setting("lang", "lang", "choice", "en", LANGUAGES)  # every page's

FORMULA_PAGE: tuple[Setting, ...] = (
    Setting("formula", "formula", "text"),
    LANGUAGE,
    Setting("dtype", "dtype", "choice", "float32", tuple(DTYPES)),
    _variable_setting("", "value:{}", "number"),
    _variable_setting(".grad", "grad:{}", "flag", True),
    _variable_setting(".from", "lo:{}", "number"),
    _variable_setting(".to", "hi:{}", "number"),
    _variable_setting(".dir", "dir:{}", "number", 1.0),
    Setting("script", "code_open", "flag", False),
    Setting("numbers", "numbers", "flag", True),
    Setting("saved", "saved", "flag", False),
    Setting("legend", "legend_open", "flag", False),
    Setting("walk", "walk", "flag", False),
    Setting("step", "step", "count", 0, (0, 10_000)),
    Setting("view", "plot_kind", "choice", None, ("map", "curve")),
    Setting("along", "plot_var", "variable"),
    Setting("second", "second", "flag", False),
    Setting("across", "map_x", "variable"),
    Setting("up", "map_y", "variable"),
    Setting("3d", "three_d", "flag", False),
    Setting("tab", "beyond_tab", "choice", "hessian", ("hessian", "modes", "again")),
    Setting("hessian", "hess_var", "variable"),
    Setting("calls", "again", "count", 1, (1, 50)),
)

LAB_PAGE: tuple[Setting, ...] = (
    LANGUAGE,
    Setting("seed", "lab_seed", "number", 0.0),
    Setting("batch", "lab_batch", "number", 5.0),
    Setting("inputs", "lab_inputs", "number", 3.0),
    Setting("outputs", "lab_outputs", "number", 2.0),
    Setting("lr", "lab_lr", "number", 0.01),
    Setting("optimizer", "lab_optimizer", "choice", "sgd", ("sgd", "momentum", "adam")),
    Setting("steps", "lab_steps", "number", 20.0),
    Setting("forget", "lab_forget", "flag", False),
    Setting("freeze", "lab_freeze", "flag", False),
    Setting("node", "lab_node", "text"),
)


CODE_PAGE: tuple[Setting, ...] = (
    Setting("code", "code_source", "code"),
    LANGUAGE,
    Setting("graph", "code_graph_of", "name"),
    Setting("numbers", "code_numbers", "flag", True),
    Setting("saved", "code_saved", "flag", False),
    Setting("legend", "code_legend_open", "flag", False),
    Setting("walk", "code_walk", "flag", False),
    Setting("step", "code_step", "count", 0, (0, 10_000)),
    Setting("node", "code_node", "text"),
)
