"""matplotlib.pyplot in a snippet: the tutorials' plots recorded as data (no matplotlib runs: it is not installed),
matplotlib's own errors and the refusals, the costs counted first, the record across the worker boundary, the
Plotly figures drawn from it, and the code page showing them."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from explorer.draw.plt_figures import plt_figure, plt_figures
from explorer.snippet import Limits, run
from explorer.snippet.result import from_data, to_data
from explorer.traced.drawings import CYCLE
from tests.conftest import APP

PLT = "import torch\nimport matplotlib.pyplot as plt\n"
D2L_RELU = PLT + ("x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)\ny = torch.relu(x)\n"
                  "plt.plot(x.detach(), y.detach())\n")  # fmt: skip
TUTORIAL = PLT + ("x = torch.linspace(-3, 3, 50, requires_grad=True)\ny = torch.sin(x)\n"
                  "plt.plot(x.detach().numpy(), y.detach().numpy())\nplt.show()\n")  # fmt: skip
REQUIRES_GRAD = "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."


def drawn(source: str, limits: Limits | None = None):
    result = run(source) if limits is None else run(source, limits)
    assert result.refused is None and result.error is None, (result.refused, result.error)
    return result


def only_mark(result):
    (figure,) = result.drawings
    (axes,) = figure.axes
    (mark,) = axes.marks
    return figure, axes, mark


# ------------------------------------------------------------------------------- the record
def test_the_d2l_relu_cell_is_one_line_of_the_tensors_values() -> None:
    figure, axes, mark = only_mark(drawn(D2L_RELU))
    x = torch.arange(-8.0, 8.0, 0.1)
    assert (mark.kind, mark.linestyle, mark.marker, mark.color) == ("plot", "-", "", CYCLE[0])
    assert mark.x == x.tolist() and mark.y == torch.relu(x).tolist()
    assert (figure.number, figure.size, axes.rows, axes.cols) == (1, (6.4, 4.8), 1, 1)


def test_the_pytorch_tutorials_numpy_plot_is_the_same_line() -> None:
    _, _, mark = only_mark(drawn(TUTORIAL))
    x = torch.linspace(-3, 3, 50)
    assert mark.x == x.tolist() and mark.y == torch.sin(x).tolist()


def test_a_tensor_that_requires_grad_raises_what_matplotlib_raises() -> None:
    for call in ("plt.plot(x, x * 2)", "plt.scatter(x, x)", "plt.hist(x)", "x.numpy()", "plt.plot([x[0], x[1]])"):
        result = run(PLT + "x = torch.ones(3, requires_grad=True)\n" + call)
        assert result.error is not None, call
        assert (result.error.raised.type, result.error.raised.message) == ("RuntimeError", REQUIRES_GRAD)
        assert result.error.line == 4


def test_labels_titles_legend_grid_limits_and_scales_are_recorded() -> None:
    result = drawn(PLT + "x = torch.arange(1.0, 5.0)\nplt.plot(x, x ** 2, 'r--', label='square')\n"
                   "plt.plot(x, x, 'o', label='line')\nplt.xlabel('x')\nplt.ylabel('y')\nplt.title('two')\n"
                   "plt.legend()\nplt.grid(True)\nplt.ylim(torch.tensor(0.0), 20)\nplt.yscale('log')\n")  # fmt: skip
    _, = result.drawings
    (axes,) = result.drawings[0].axes
    assert (axes.title, axes.xlabel, axes.ylabel, axes.grid, axes.legend) == ("two", "x", "y", "both", True)
    assert (axes.ylim, axes.xlim, axes.yscale) == ([0.0, 20.0], None, "log")
    square, line = axes.marks
    assert (square.label, square.color, square.linestyle, square.marker, square.fmt) == ("square", "#ff0000", "--",
                                                                                        "", "r--")  # fmt: skip
    assert (line.label, line.color, line.linestyle, line.marker) == ("line", CYCLE[0], "", "o")  # the cycle's first


def test_format_strings_and_colours_as_matplotlib_reads_them() -> None:
    result = drawn(PLT + "plt.plot([1, 2], 'C2:')\nplt.plot([1, 2], 'green')\nplt.plot([1, 2], 'k^-.')\n"
                   "plt.plot([1, 2], color='tab:purple', ls='dashed', marker='s')\nplt.plot([1, 2], '1')\n")
    marks = result.drawings[0].axes[0].marks
    assert [(m.color, m.linestyle, m.marker) for m in marks] == [
        (CYCLE[2], ":", ""), ("green", "-", ""), ("#000000", "-.", "^"), (CYCLE[4], "--", "s"), (CYCLE[0], "", "1")]
    for fmt, why in (("q", "unrecognized character 'q'"), ("r--:", "two linestyle symbols"), ("rg", "two color")):
        error = run(PLT + f"plt.plot([1, 2], {fmt!r})").error
        assert error is not None and error.raised.type == "ValueError" and why in error.raised.message, fmt


def test_subplots_unpack_index_and_keep_their_places_in_the_grid() -> None:
    result = drawn(PLT + "fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3))\nax1.plot([1, 2])\n"
                   "ax2.scatter([1, 2], [3, 4])\nax2.set_title('right')\nplt.show()\n"
                   "fig, axs = plt.subplots(2, 3)\naxs[1, 2].bar([1, 2], [3, 4])\naxs[0][1].set_xlabel('top middle')\n"
                   "print(axs.shape, len(axs), fig)\nfor ax in axs.flat:\n    ax.grid()\n")  # fmt: skip
    first, second = result.drawings
    assert first.size == (8.0, 3.0) and [(a.row, a.col, a.cols) for a in first.axes] == [(0, 0, 2), (0, 1, 2)]
    assert [m.kind for m in first.axes[0].marks] == ["plot"] and first.axes[1].title == "right"
    assert first.axes[1].marks[0].color == CYCLE[0]  # each axes has its own cycle
    places = {(a.row, a.col): a for a in second.axes}
    assert len(places) == 6 and places[1, 2].marks[0].kind == "bar" and places[0, 1].xlabel == "top middle"
    assert all(a.grid == "both" for a in second.axes)
    assert result.output == "(2, 3) 2 Figure(640x480)\n"


def test_plt_subplot_and_a_figures_axes_share_one_figure() -> None:
    result = drawn(PLT + "plt.figure(figsize=(6, 6))\nplt.subplot(2, 1, 1)\nplt.plot([1, 2])\nplt.subplot(212)\n"
                   "plt.plot([2, 1])\nplt.suptitle('both')\n")  # fmt: skip
    (figure,) = result.drawings
    assert figure.suptitle == "both" and [(a.rows, a.row) for a in figure.axes] == [(2, 0), (2, 1)]


def test_hist_counts_as_numpy_counts_and_returns_them() -> None:
    source = PLT + "torch.manual_seed(1)\ndata = torch.randn(500)\nn, bins, patches = plt.hist(data, bins=12)\n" \
                   "print(sum(n.tolist()), len(bins), patches)\n"  # fmt: skip
    result = drawn(source)
    _, _, mark = only_mark(result)
    torch.manual_seed(1)
    counts, edges = np.histogram(torch.randn(500).numpy().astype(np.float64), bins=12)
    assert mark.kind == "hist" and mark.y == counts.tolist() and mark.x == pytest.approx(edges.tolist())
    assert result.output == "500.0 13 <BarContainer object of 12 artists>\n"


def test_imshow_keeps_the_images_rows_from_the_top() -> None:
    result = drawn(PLT + "img = torch.arange(6.0).reshape(2, 3)\nplt.imshow(img, cmap='gray')\nplt.colorbar()\n"
                   "plt.axis('off')\n")  # fmt: skip
    _, axes, mark = only_mark(result)
    assert mark.z == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]] and mark.cmap == "gray" and mark.origin == "upper"
    assert axes.colorbar and axes.axis_off and axes.equal
    error = run(PLT + "plt.imshow(torch.rand(1, 28, 28))").error
    assert error is not None and error.raised.line == "TypeError: Invalid shape (1, 28, 28) for image data"
    rgb = only_mark(drawn(PLT + "plt.imshow(torch.ones(3, 2, 2).permute(1, 2, 0) * 0.5)\n"))[2]
    assert rgb.z == [[[127.5] * 3] * 2] * 2  # floats in 0..1 are colours in 0..255


def test_two_figures_come_in_the_order_they_were_shown() -> None:
    result = drawn(PLT + "plt.plot([1, 2])\nplt.title('first')\nplt.show()\nplt.figure()\nplt.title('second')\n"
                   "plt.plot([3, 4])\nplt.figure()\nplt.hist([1, 2, 3])\nplt.close()\n")  # fmt: skip
    assert [f.axes[0].title for f in result.drawings] == ["first", "second"]  # the closed one is never shown


def test_what_plt_returns_prints_roughly_as_matplotlib_prints_it() -> None:
    result = drawn(PLT + "print(plt.plot([1, 2]))\nprint(plt.title('t'), plt.xlabel('x'))\nprint(plt.gca())\n"
                   "print([plt.gcf()])\nprint(plt.subplots(1, 2)[1])\nprint(plt.xlim())\n")  # fmt: skip
    lines = result.output.splitlines()
    assert lines[0].startswith("[<matplotlib.lines.Line2D object at 0x") and lines[0].endswith(">]")
    assert lines[1:5] == ["Text(0.5, 1.0, 't') Text(0.5, 0, 'x')", "Axes(0.125,0.11;0.775x0.77)",
                          "[<Figure size 640x480 with 1 Axes>]", "[<Axes: > <Axes: >]"]  # fmt: skip
    assert lines[5] == "(0.0, 1.0)"  # of the new, empty axes: matplotlib's (0, 1)
    assert drawn(PLT + "plt.plot([1, 2])\nprint(plt.xlim())").output == "(-0.05, 1.05)\n"  # the data's, 5% wider
    assert drawn(PLT + "print(plt.plot([1, 2]))").output == lines[0] + "\n"  # the same every run


def test_a_numpy_array_is_held_indexed_and_made_a_tensor_but_not_computed_with() -> None:
    result = drawn(PLT + "a = torch.arange(6.0).reshape(2, 3).numpy()\nprint(a)\n"
                   "print(a[1], a[0, 2], a[:, 0], a.shape)\n"
                   "print(torch.from_numpy(a).sum(), torch.tensor(a).dtype, a.tolist())\n")  # fmt: skip
    assert result.output == ("[[0. 1. 2.]\n [3. 4. 5.]]\n[3. 4. 5.] 2.0 [0. 3.] (2, 3)\n"
                             "tensor(15.) torch.float32 [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]\n")  # fmt: skip
    refused = run(PLT + "a = torch.ones(2).numpy()\nb = a * 2\n").refused
    assert refused is not None and refused.code == "snippet.array_math" and refused.line == 4
    refused = run(PLT + "a = torch.ones(2).numpy()\nb = a[[0, 1]]\n").refused
    assert refused is not None and refused.code == "snippet.array_index"


# ----------------------------------------------------------------------------- refusals and costs
@pytest.mark.parametrize("call", ["plt.savefig('out.png')", "plt.rcParams", "plt.style.use('ggplot')",
                                  "fig = plt.figure()\nfig.savefig('out.png')", "ax = plt.gca()\nax.set_xticks([])"])
def test_what_plt_does_not_offer_is_refused_before_anything_runs(call: str) -> None:
    result = run(PLT + "print('ran')\nplt.plot([1, 2])\n" + call + "\n")
    assert result.refused is not None and result.refused.code == "snippet.plt_unknown", result.refused
    assert result.output == "" and "the page shows every figure itself" in str(result.refused)


def test_matplotlib_use_and_plt_without_its_import_say_what_to_write() -> None:
    assert run("import matplotlib\nmatplotlib.use('Agg')\n").refused.code == "snippet.plt_unknown"
    refused = run("import torch\nplt.plot([1, 2])\n").refused
    assert refused.code == "snippet.not_imported" and "import matplotlib.pyplot as plt" in str(refused)
    assert drawn("from matplotlib import pyplot as plt\nplt.plot([1, 2])\n").drawings
    assert drawn("import matplotlib.pyplot\nmatplotlib.pyplot.plot([1, 2])\n").drawings


def test_too_many_points_figures_or_axes_are_refused_before_they_are_drawn() -> None:
    refused = run(PLT + "x = torch.zeros(60_000)\nplt.plot(x, x)\n").refused
    assert refused is not None and refused.params["limit"] == "snippet.limit.points" and refused.line == 4
    small = Limits(figures=3)
    refused = run(PLT + "for i in range(5):\n    plt.figure()\n", small).refused
    assert refused.params["limit"] == "snippet.limit.figures" and refused.params["value"] == "4"
    refused = run(PLT + "fig, axs = plt.subplots(10, 10)\n").refused
    assert refused.params["limit"] == "snippet.limit.axes"
    refused = run(PLT + "plt.hist(torch.randn(10), bins=10 ** 9)\n").refused  # before NumPy makes the bins
    assert refused.params["limit"] == "snippet.limit.points"
    assert run(PLT + "plt.plot([1, 2])\n", Limits(elements=1)).refused.params["limit"] == "snippet.limit.elements"


def test_matplotlibs_own_errors_are_the_users_errors() -> None:
    cases = {
        "plt.plot([1, 2], [1, 2, 3])": "ValueError: x and y must have same first dimension, but have shapes (2,) "
                                       "and (3,)",
        "plt.plot([1, 2], colour='r')": "AttributeError: Line2D.set() got an unexpected keyword argument 'colour'",
        "plt.scatter([1, 2], [1])": "ValueError: x and y must be the same size",
        "plt.imshow([[1, 2]], cmap='nope')": "ValueError: 'nope' is not a valid value for cmap",
        "plt.plot([1, 2], color='nope')": "ValueError: 'nope' is not a valid value for color",
        "plt.xlabel()": "TypeError: plt.xlabel(): missing a required argument: 'label'",
    }  # fmt: skip
    for call, said in cases.items():
        error = run(PLT + call).error
        assert error is not None and error.raised.line.startswith(said), (call, error)
    warned = drawn(PLT + "plt.plot([1, 2])\nplt.legend()\n").warnings
    assert [(w.line, w.category) for w in warned] == [(4, "UserWarning")]
    assert warned[0].message.startswith("No artists with labels found to put in legend.")


def test_the_record_crosses_the_worker_boundary_as_json() -> None:
    result = drawn(PLT + "plt.plot([0.0, float('nan'), 2.0], label='gap')\nplt.legend()\nfig, ax = plt.subplots()\n"
                   "ax.imshow(torch.rand(3, 4, 3))\nax.hist(torch.randn(100))\nax.set_xlim(-1, 1)\n")  # fmt: skip
    back = from_data(json.loads(json.dumps(to_data(result), allow_nan=False)))
    assert [f.data() for f in back.drawings] == [f.data() for f in result.drawings]
    assert np.isnan(back.drawings[0].axes[0].marks[0].y[1])


# -------------------------------------------------------------------------------- the Plotly figures
def test_the_plotly_figure_of_the_d2l_cell_is_one_svg_line_of_the_tensors_values() -> None:
    (figure,) = plt_figures(drawn(D2L_RELU + "plt.title('relu')\nplt.xlabel('x')\n").drawings)
    (trace,) = figure.data
    x = torch.arange(-8.0, 8.0, 0.1)
    assert (trace.type, trace.mode) == ("scatter", "lines")  # SVG, not WebGL's scattergl
    assert list(trace.x) == x.tolist() and list(trace.y) == torch.relu(x).tolist()
    assert trace.line.color == CYCLE[0] and not figure.layout.showlegend
    assert [a.text for a in figure.layout.annotations] == ["relu"] and figure.layout.xaxis.title.text == "x"


def test_each_mark_becomes_its_plotly_trace_with_matplotlibs_look() -> None:
    result = drawn(PLT + "fig, axs = plt.subplots(2, 2)\naxs[0, 0].plot([1, 2, 3], 'go--', label='g')\n"
                   "axs[0, 0].legend()\naxs[0, 1].scatter([1, 2], [3, 4], c=[0.5, 1.0], s=[16, 64])\n"
                   "axs[1, 0].hist([1, 2, 2, 3, 3, 3], bins=3)\naxs[1, 1].imshow(torch.arange(6.0).reshape(2, 3))\n"
                   "axs[1, 1].set_yscale('linear')\nfig.suptitle('four')\n")  # fmt: skip
    figure = plt_figure(result.drawings[0])
    line, points, bars, image = figure.data
    assert (line.type, line.mode, line.line.dash, line.marker.symbol, line.name) == ("scatter", "lines+markers",
                                                                                     "dash", "circle", "g")
    assert line.showlegend and figure.layout.showlegend
    assert points.mode == "markers" and list(points.marker.color) == [0.5, 1.0] and list(points.marker.size) == \
        pytest.approx([4 * 4 / 3, 8 * 4 / 3])  # s is an area in points²: its square root across, in pixels
    assert bars.type == "bar" and list(bars.y) == [1.0, 2.0, 3.0] and list(bars.width) == pytest.approx([2 / 3] * 3)
    assert image.type == "heatmap" and [list(r) for r in image.z] == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert figure.layout.yaxis4.range == (1.5, -0.5)  # row 0 at the top
    assert figure.layout.title.text == "four"
    rgb = plt_figure(drawn(PLT + "plt.imshow(torch.rand(2, 2, 3))\n").drawings[0])
    assert rgb.data[0].type == "image"


def test_log_axes_limits_and_hidden_axes_reach_plotly() -> None:
    result = drawn(PLT + "plt.plot([1, 10, 100])\nplt.yscale('log')\nplt.ylim(1, 1000)\nplt.xlim(0, 2)\n"
                   "plt.grid(axis='y')\n")  # fmt: skip
    layout = plt_figure(result.drawings[0]).layout
    assert layout.yaxis.type == "log" and layout.yaxis.range == (0.0, 3.0) and layout.xaxis.range == (0.0, 2.0)
    assert layout.yaxis.showgrid and not layout.xaxis.showgrid
    hidden = plt_figure(drawn(PLT + "plt.plot([1, 2])\nplt.axis('off')\n").drawings[0]).layout
    assert hidden.xaxis.visible is False and hidden.yaxis.visible is False


# ------------------------------------------------------------------------------------- the page
def test_the_code_page_shows_a_plotted_snippet_as_plotly_charts_in_order() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("ui/code/page.py").run()
    at.text_area(key="code_source").input(TUTORIAL + "plt.hist(torch.randn(100))\nplt.title('second')\n").run()
    assert not at.exception, at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "code_plt_chart" in c.proto.id]
    assert len(charts) == 2
    x = torch.linspace(-3, 3, 50)
    assert charts[0]["data"][0]["type"] == "scatter" and charts[0]["data"][0]["x"] == pytest.approx(x.tolist())
    assert charts[1]["data"][0]["type"] == "bar" and charts[1]["layout"]["annotations"][0]["text"] == "second"


def test_a_figure_whose_subplot_grids_do_not_fit_one_grid_is_drawn_stacked() -> None:
    result = drawn(PLT + "plt.subplot(1000000, 1, 1)\nplt.plot([1, 2])\nplt.subplot(999999, 1, 5)\nplt.plot([1])\n"
                   "plt.figure()\nplt.subplot(2, 1, 1)\nplt.subplot(2, 2, 3)\nplt.subplot(2, 2, 4)\n")  # fmt: skip
    huge, mixed = plt_figures(result.drawings)
    assert len(huge.data) == 2 and huge.layout.yaxis2.domain[1] < huge.layout.yaxis.domain[0]  # one above the other
    assert mixed.layout.xaxis.domain == (0.0, 1.0) and mixed.layout.xaxis2.domain[1] < mixed.layout.xaxis3.domain[0]


def test_empty_data_draws_empty_marks_and_their_figures() -> None:
    calls = ["plt.plot([])", "plt.scatter([], [])", "plt.hist([])", "plt.bar([], [])", "plt.imshow(torch.zeros(0, 3))",
             "plt.plot([1, float('nan'), float('inf')])\nplt.yscale('log')", "plt.legend()", "plt.axis('equal')"]
    result = run(PLT + "".join(f"plt.figure()\n{call}\n" for call in calls))
    assert result.refused is None and result.error is None
    assert len(plt_figures(result.drawings)) == len(calls)
