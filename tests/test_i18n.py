"""English and Japanese: the catalog is complete, every key the code uses exists and is used,
every mistake can be said in Japanese, and the page switches language (and keeps it in the link)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_parse import BAD as PARSE_BAD  # the parser's own table of refused inputs (tests/ is on sys.path)

from explorer.draw.dot import legend_dot
from explorer.draw.figures import curve_figure
from explorer.draw.lab_figures import loss_curve_figure
from explorer.formula.errors import FormulaError
from explorer.formula.parser import MAX_LENGTH, MAX_NESTING, MAX_NODES, MAX_VARIABLES, parse
from explorer.formula.presets import PRESETS
from explorer.i18n import EN, LANGUAGE_NAMES, LANGUAGES, MESSAGES, t
from explorer.lab.config import LIMITS, LabConfig, LabError
from explorer.share.links import LinkProblem, read
from explorer.traced.curves import Curve

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SOURCES = [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py")), *sorted((ROOT / "explorer").rglob("*.py"))]
JA = MESSAGES["ja"]
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff01-\uff5e]")  # punctuation, kana, kanji, full width
# Keys whose text is code or notation, the same in both languages.
SAME_IN_BOTH = {"variables.requires_grad", "dtype.label", "again.reset", "preset.first_graph", "figure.jacobian"}


def placeholders(template: str) -> list[tuple[str, str, str | None]]:
    return sorted((name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None)


# ------------------------------------------------------------------- (a) the catalog
def test_both_languages_have_the_same_keys() -> None:
    assert set(MESSAGES) == set(LANGUAGES) == set(LANGUAGE_NAMES) == {"en", "ja"}
    assert list(EN) == list(JA)  # same keys, same order: the two files read side by side
    assert len(EN) > 150
    assert LANGUAGE_NAMES == {"en": "English", "ja": "日本語"}


def test_a_language_is_a_file() -> None:
    """The catalogs are data: one TOML file per language next to the loader, nothing else to edit."""
    folder = ROOT / "explorer" / "i18n"
    assert sorted(p.stem for p in folder.glob("*.toml")) == sorted(LANGUAGES)
    assert LANGUAGES[0] == "en"
    assert not any(JAPANESE.search(line) for line in (folder / "__init__.py").read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("key", list(EN))
def test_placeholders_match_and_values_are_real_text(key: str) -> None:
    en, ja = EN[key], JA[key]
    assert placeholders(en) == placeholders(ja), key
    for name, spec, conv in placeholders(en):
        assert re.fullmatch(r"[a-z_]+", name) and not spec and not conv, (key, name)  # {name} style only
    for text in (en, ja):
        assert text.strip() and text == text.strip() or key in {"gaps.more", "list.separator"}, (key, text)
        dummy = {name: f"<{name}>" for name, _, _ in placeholders(text)}
        text.format(**dummy)  # no stray braces
    if key in SAME_IN_BOTH:
        assert en == ja
    else:
        assert en != ja, key
        assert JAPANESE.search(ja), (key, ja)
        assert not JAPANESE.search(en.replace("言語", "")), (key, en)  # English is English (but for "Language / 言語")


def test_t_fills_in_and_falls_back_to_english() -> None:
    assert t("walk.slider", total=5) == "Engine steps run (of 5)"
    assert t("walk.slider", "ja", total=5) == "エンジンが実行したステップ数（全 5）"
    assert t("walk.slider", "fr", total=5) == t("walk.slider", total=5)
    with pytest.raises(KeyError):
        t("no.such.key")


# -------------------------------------------------------- (b) keys used <-> keys defined
def source_strings() -> dict[Path, set[str]]:
    """Every string constant in the app's sources (f-string parts included), by file."""
    found = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found[path] = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                       and isinstance(node.value, str)}  # fmt: skip
    return found


CALL = re.compile(r"""\b(?:t|tr)\(\s*["']([^"']+)["']""")


def test_every_key_in_a_t_call_exists() -> None:
    calls = {(path.name, key) for path in SOURCES for key in CALL.findall(path.read_text(encoding="utf-8"))}
    assert len(calls) > 100
    missing = sorted((name, key) for name, key in calls if key not in EN)
    assert not missing


def test_every_key_shaped_string_exists_and_every_key_is_used() -> None:
    strings = set().union(*source_strings().values())
    prefixes = {key.split(".")[0] for key in EN}
    key_shaped = {s for s in strings if re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", s) and s.split(".")[0] in prefixes
                  and not s.endswith(".py")}  # (file names such as snippet.py are not keys)
    assert not sorted(key_shaped - set(EN)), "strings that look like catalog keys but are not in it"
    assert not sorted(set(EN) - strings), "catalog keys that no source file uses"


def test_presets_take_label_and_note_from_the_catalog() -> None:
    for preset in PRESETS:
        assert preset.label == t(preset.label_key) and preset.note == t(preset.note_key)
        assert preset.said_label.say("ja") == t(preset.label_key, "ja")
    assert [p.said_label.say("ja") for p in PRESETS][1:] == [f"例{i}：{p.label.split(': ', 1)[1]}"
                                                              for i, p in enumerate(PRESETS[1:], 1)]  # fmt: skip


# ------------------------------------------------- (c) every mistake in both languages
# Inputs for the raise sites tests/test_parse.py's table does not reach (limits, non-text).
MORE_BAD = [
    "+".join(["x"] * (MAX_NODES // 2 + 1)),
    "(" * (MAX_NESTING + 1) + "x" + ")" * (MAX_NESTING + 1),
    "+".join(f"x{i}" for i in range(MAX_VARIABLES + 1)),
    "x" * (MAX_LENGTH + 1),
    None,
    "2 × (x",
    "\u3000x",  # an ideographic space
    "sin2x",
    "xsin(x)",
    "Exp(x)",
    "x * )",
    ",x",
]
# Raise sites the grammar cannot reach (kept in explorer/formula/parser.py as guards): the messages are built directly.
UNREACHABLE = {
    "parse.expected_close": FormulaError("parse.expected_close", 3, 4, hint="hint.check_parentheses",
                                         params={"found": "^"}),
    "parse.unexpected": FormulaError("parse.unexpected", 2, 3, hint="hint.add_operator", params={"token": "^"}),
    "parse.empty_early": FormulaError("parse.empty_early", 0, hint="hint.complete"),
}  # fmt: skip


def refused(text) -> FormulaError:
    with pytest.raises(FormulaError) as info:
        parse(text)
    return info.value


def assert_japanese(exc: FormulaError) -> None:
    english, japanese = str(exc), exc.localized("ja")
    assert exc.localized("en") == english
    assert japanese and JAPANESE.search(japanese) and japanese != english, japanese
    assert f"{exc.start + 1} 文字目" in japanese, japanese  # the column, as in English
    for value in [*exc.params.values(), *exc.hint_params.values()]:
        assert str(value) in japanese, (value, japanese)  # names, characters and limits are kept
    assert exc.code and exc.hint_code if exc.hint else exc.code


ALL_BAD = sorted({row[0] for row in PARSE_BAD if isinstance(row[0], str)}) + MORE_BAD


@pytest.mark.parametrize("text", ALL_BAD, ids=[ascii(x)[:30] for x in ALL_BAD])
def test_every_refused_input_reads_in_japanese(text) -> None:
    assert_japanese(refused(text))


def test_every_raise_site_in_the_parser_is_covered() -> None:
    source = "".join((ROOT / "explorer" / name).read_text(encoding="utf-8")
                     for name in ("formula/parser.py", "formula/tokens.py", "formula/vocabulary.py"))
    codes = set(re.findall(r'"(parse\.\w+)"', source))
    hints = set(re.findall(r'"(hint\.\w+)"', source))
    raised = [refused(text) for text in ALL_BAD] + list(UNREACHABLE.values())
    assert codes == {e.code for e in raised}, "a parser message without a test input"
    assert hints == {e.hint_code for e in raised} - {None}, "a parser hint without a test input"
    for exc in UNREACHABLE.values():
        assert_japanese(exc)
    assert len(PARSE_BAD) > 40  # the parser's table was found and used


def test_plain_english_messages_still_work() -> None:
    plain = FormulaError("plain", 2, hint="a hint")
    assert plain.code is None and str(plain) == plain.localized("en") == "plain at column 3: a hint"
    assert plain.localized("ja") == "3 文字目：plain。a hint"  # the frame is translated, the text cannot be


@pytest.mark.parametrize(
    "config",
    [LabConfig(batch=0), LabConfig(inputs=LIMITS["inputs"] + 1), LabConfig(outputs=0), LabConfig(steps=0),
     LabConfig(lr=0.0), LabConfig(optimizer="rmsprop"), LabConfig(seed=-1)],
)  # fmt: skip
def test_every_lab_error_reads_in_japanese(config: LabConfig) -> None:
    with pytest.raises(LabError) as info:
        config.check()
    exc = info.value
    assert exc.code and exc.localized("en") == str(exc)
    assert JAPANESE.search(exc.localized("ja")) and exc.localized("ja") != str(exc)
    for value in exc.params.values():
        assert str(value) in exc.localized("ja")


def test_every_link_problem_reads_in_japanese() -> None:
    _, problems = read({
        "formula": "x" * (2 * MAX_LENGTH + 1), "dtype": "half", "view": "pie", "lang": "fr", "x.grad": "yes",
        "colour": "red", "x": "y + 1", "y": "1e308*10", "z.from": "((",
    })  # fmt: skip
    assert len(problems) == 9
    for problem in problems:
        japanese = problem.said.say("ja")
        assert problem.said.say("en") == problem.message
        assert JAPANESE.search(japanese) and japanese != problem.message, (problem, japanese)
    assert LinkProblem("dtype", "must be one of float32, float64") in problems  # English, compared as before


def test_figures_and_the_legend_speak_the_language_they_are_asked_for() -> None:
    c = Curve("x", [0.0, 1.0, 2.0], [0.0, 1.0, 4.0], [0.0, 2.0, 4.0])
    names = [trace.name for trace in curve_figure(c, 1.0, 1.0, 2.0, lang="ja").data]
    assert "接線（傾き = autograd の x.grad = 2）" in names
    assert "tangent, slope = autograd's x.grad = 2" in [trace.name for trace in curve_figure(c, 1.0, 1.0, 2.0).data]
    assert 'label="実行中"' in legend_dot("ja") and 'label="running now"' in legend_dot()
    assert loss_curve_figure([1.0, 0.5], [2.0, 1.0], "ja").layout.xaxis.title.text == "ステップ"


# --------------------------------------------------------------------- (d) the page
def printed(at: AppTest) -> str:
    return at.code[0].value


def test_switching_to_japanese_translates_the_page_and_keeps_pytorchs_text(app: AppTest) -> None:
    english_printout = printed(app)
    app.radio(key="lang").set_value("ja").run()
    assert not app.exception, app.exception
    assert app.title[0].value == t("app.title", "ja")
    assert app.caption[0].value == t("app.caption", "ja")
    assert [s.value for s in app.subheader][0] == "PyTorch の出力"
    assert printed(app) == english_printout == "y = tensor(14.0711, grad_fn=<PowBackward0>)\nx.grad = tensor(6.1820)"
    assert app.query_params["lang"] == "ja"  # kept in the share link
    assert app.button(key=f"preset:{PRESETS[5].label}").label == "例5：(√x+1)³"  # keys stay English

    app.text_input(key="formula").input("2xy + 1").run()
    (error,) = app.error
    assert error.value.startswith("**この式は読み取れません。** 2 文字目：") and "xy" in error.value
    assert app.code[0].value == "2xy + 1\n ^^"  # the caret does not depend on the language

    app.text_input(key="formula").input("x y").run()  # the view radio shows Japanese, keeps its English value
    assert app.radio(key="plot_kind").options == ["2 変数のマップ", "1 変数の曲線"]
    app.radio(key="plot_kind").set_value("curve").run()
    assert not app.exception and app.query_params["view"] == "curve"

    app.radio(key="lang").set_value("en").run()
    assert app.title[0].value == "∂ autodiff-explorer"
    assert "lang" not in app.query_params  # English is the default: left out of the link


def test_a_link_with_lang_ja_opens_in_japanese_and_says_its_problems_in_japanese() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"formula": "x^2", "lang": "ja", "dtype": "half"})
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="lang").value == "ja"
    assert at.title[0].value == t("app.title", "ja")
    (warning,) = at.warning
    assert warning.value == "このリンクの **dtype** は使われませんでした：float32, float64 のいずれかにしてください"
    assert printed(at) == "y = tensor(1., grad_fn=<PowBackward0>)\nx.grad = tensor(2.)"
    assert at.query_params["lang"] == "ja"


def test_the_lab_page_follows_the_language(app: AppTest) -> None:
    app.switch_page("ui/lab.py").run()
    english = printed(app)
    app.radio(key="lang").set_value("ja").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "損失とオプティマイザの実験"
    assert printed(app) == english  # PyTorch's printout is PyTorch's
    assert "SGD（モメンタム 0.9）" in app.selectbox(key="lab_optimizer").options
    app.selectbox(key="lab_optimizer").set_value("momentum").run()
    assert not app.exception and any("モメンタム" in c.value for c in app.caption)
    app.toggle(key="lab_forget").set_value(True).run()
    assert any(w.value.startswith("zero_grad() を忘れています") for w in app.warning)
