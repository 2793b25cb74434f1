"""Every sentence the app shows, in English and Japanese, and `t()` to pick one.

`MESSAGES[lang][key]` is a `str.format` template with `{name}` placeholders; both languages
have the same keys and the same placeholders (tests/test_i18n.py checks both). Numbers are
formatted by the caller and passed in as text, so a template never carries a format spec.

English is the reference: the exceptions (`FormulaError`, `LabError`, share-link problems)
build their `str()` from the English templates, so their English text is the catalog's.
Code stays code in Japanese: tensor, grad, backward(), requires_grad, AccumulateGrad,
zero_grad(), optimizer.step() are written as PyTorch spells them.
"""

from __future__ import annotations

LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}  # each language in its own words, shown in the switch

EN: dict[str, str] = {
    # ------------------------------------------------------------------ the app's frame
    "app.title": "∂ autodiff-explorer",
    "app.caption": "Type a formula. See the graph PyTorch's autograd records for it, the gradients `backward()` "
    "computes, and how they compare with the symbolic derivative.",
    "page.formula": "Formula explorer",
    "page.lab": "Loss & optimizer lab",
    "language.label": "Language / 言語",
    "sidebar.examples": "Examples",
    "sidebar.examples_caption": "From the PyTorch autograd tutorial this app grew from. One click fills everything in.",
    "link.not_used": "This link's **{parameter}** was not used: {reason}",
    "list.separator": ", ",
    # ------------------------------------------------------------------------- inputs
    "formula.label": "Formula (press Enter to apply)",
    "formula.placeholder": "for example (sqrt(x)+1)^3 or (x+2y)^2",
    "formula.help": "Numbers, variables such as x or w2, + - * / ^, implicit products like 2x, pi, e and sin cos "
    "tan asin acos atan sinh cosh tanh exp log ln log2 log10 sqrt abs sigmoid relu softplus.",
    "formula.cannot_read": "**Cannot read this formula.** {error}",
    "variables.requires_grad": "requires_grad",
    "variables.requires_grad_help": "Off: PyTorch does not track {name}, and {name}.grad stays None (how layers are "
    "frozen for fine-tuning).",
    "variables.none": "This formula has no variables, so there is nothing to differentiate. Try x^2.",
    "dtype.label": "dtype",
    "dtype.help": "float32 is PyTorch's default, as in the tutorial.",
    # ----------------------------------------------------------------- printout, SymPy
    "printout.heading": "What PyTorch prints",
    "printout.tutorial": "The tutorial prints: {prints}. {note}",
    "number.nan": "{label} is nan (not a number): the formula is undefined here, for example sqrt or log of a "
    "negative number, 0/0, or inf - inf.",
    "number.inf": "{label} is infinite: for example a division by zero, log(0), or a result beyond the largest float "
    "(3.4e38 in float32).",
    "why.heading": "**What happened at this point**",
    "why.sqrt_negative": "`{where}` is nan: the square root of a negative number ({value}) is not a real number.",
    "why.log_negative": "`{where}` is nan: the logarithm of a negative number ({value}) is not a real number.",
    "why.log_zero": "`{where}` is -inf: the logarithm of 0.",
    "why.asin_range": "`{where}` is nan: asin and acos take numbers from -1 to 1, and this one is {value}.",
    "why.function_of_inf": "`{where}` is nan: the function has no value at infinity ({value}).",
    "why.zero_times_inf": "`{where}` is nan: {value} has no value.",
    "why.inf_over_inf": "`{where}` is nan: {value} has no value.",
    "why.inf_minus_inf": "`{where}` is nan: {value} has no value.",
    "why.zero_over_zero": "`{where}` is nan: 0 / 0 has no value.",
    "why.divide_by_zero": "`{where}` is {result}: a division by zero, {value}.",
    "why.zero_negative_power": "`{where}` is {result}: 0 to a negative power, {value}, is a division by zero.",
    "why.negative_base": "`{where}` is nan: a negative number to a fractional power, {value}, is not a real number.",
    "why.overflow": "`{where}` is {result}: the exact result is beyond the largest {dtype} number, {limit} (from "
    "{value}).",
    "why.corner_abs": "`{where}`: abs has a corner at 0, where it has no derivative (slope -1 to the left, 1 to the "
    "right). PyTorch uses 0 there.",
    "why.corner_relu": "`{where}`: relu has a corner at 0, where it has no derivative (slope 0 to the left, 1 to the "
    "right). PyTorch uses 0 there.",
    "why.backward_inf": "In backward(), `{op}` received {arrived} and sent {sent}: its local derivative is infinite "
    "here (sqrt's at 0, 1/u's at 0) or beyond the dtype's largest number (exp's at 100 in float32).",
    "why.grads_add_to_nan": "`{name}.grad` is nan: {name} is used more than once, and the gradients that flowed into "
    "it, {grads}, add up to inf - inf.",
    "why.backward_zero_times_inf": "In backward(), `{op}` received {arrived} and sent {sent}: 0 times an infinite "
    "local derivative has no value.",
    "why.backward_nan": "In backward(), `{op}` received {arrived} and sent {sent}: its local derivative has no value "
    "here.",
    "derivatives.heading": "Symbolic derivatives (SymPy)",
    "derivatives.gave_up": "The symbolic side gave up: {reason}. The numbers above come from PyTorch and do not "
    "depend on it.",
    "derivatives.too_long": "(too long to show)",
    "derivatives.not_real": "SymPy's value here is not a real number.",
    "derivatives.autograd_none": "Autograd: `None` ({name} has requires_grad off).",
    "derivatives.autograd_value": "Autograd: `{value}` {badge} (tolerance {tolerance} for {dtype}).",
    "derivatives.at_point": "At this point SymPy gives `{exact}`. {verdict}",
    "badge.agrees": ":green-badge[agrees]",
    "badge.differs": ":red-badge[differs]",
    # -------------------------------------------------------------------------- graph
    "graph.heading": "The graph: what you wrote, and what autograd recorded",
    "graph.numbers": "Values and gradients on the graph",
    "graph.saved": "Saved tensors (what each node kept for backward)",
    "graph.forward_title": "**Forward: the expression tree**",
    "graph.forward_caption": "The formula as it was parsed, with the value each part computed. Values flow up.",
    "graph.backward_title": "**Backward: the graph autograd recorded**",
    "graph.backward_caption": "Walked from `y.grad_fn` along `next_functions`. Arrows point the way gradients flow "
    "in `backward()`; each edge carries the gradient sent along it. Leaves (AccumulateGrad) add what arrives into "
    "`.grad`.",
    "graph.legend": "Legend",
    "graph.download_dot": "Download DOT",
    "graph.download_svg": "Download SVG",
    "graph.compact": "{count} nodes, so the drawing is compact: identical branches are drawn once with a count (× n), "
    "the main chain runs straight down, labels are shortened and edge gradients are left out. The DOT download has "
    "every node and edge in full.",
    "legend.output": "output (seed grad 1)",
    "legend.op": "backward op",
    "legend.leaf": "leaf: AccumulateGrad",
    "legend.pending": "not yet run",
    "legend.current": "running now",
    # ------------------------------------------------------------ stepping backward()
    "walk.toggle": "Walk through backward() step by step",
    "walk.back": "◀ back",
    "walk.next": "next ▶",
    "walk.slider": "Engine steps run (of {total})",
    "step.before": "Before backward(): the forward pass has run and the output's gradient is seeded with 1. Press "
    "next ▶ to let the engine run its first node.",
    "step.leaf": "the leaf {name}",
    "step.backward_node": "a backward node",
    "step.runs": "**Step {step} of {total}:** the engine runs `{op}`, {what}. Gradient that arrived: `{arrived}`.",
    "step.sends": "sends `{grad}` to `{target}`",
    "step.running_grad": "Running `.grad` of each leaf: {grads}",
    # -------------------------------------------------------------------------- plots
    "plot.heading": "f and its derivatives",
    "plot.view": "View",
    "view.map": "map of two variables",
    "view.curve": "curve in one variable",
    "range.from": "{variable} from",
    "range.to": "{variable} to",
    "range.bad": "The range of {variable} needs 'from' below 'to'.",
    "gaps.stretch": "{start} to {end}",
    "gaps.more": " and {count} more stretches",
    "gaps.caption": "f is undefined or infinite for {variable} from {where}{more} (gaps in the curves): for example "
    "sqrt or log of a negative number, or a division by zero.",
    "curve.against": "Plot against",
    "curve.against_help": "The other variables stay at their current values.",
    "curve.second": "f'' too",
    "curve.second_help": "The second derivative, by a double backward pass (create_graph=True).",
    "curve.no_tangent": "No tangent: {variable} has requires_grad off, so autograd computed no slope at the point.",
    "map.across": "Across",
    "map.up": "Up",
    "map.up_help": "Any other variables stay at their current values.",
    "map.three_d": "3D surface",
    "map.missing": "f is undefined or infinite at {missing} of {total} grid points (left blank).",
    "map.arrows": "Arrows: the gradient (∂f/∂{x}, ∂f/∂{y}) from the same backward pass over the whole grid, pointing "
    "uphill; the bold arrow is autograd's gradient at the point.",
    "figure.the_point": "the point",
    "figure.tangent": "tangent, slope = autograd's {variable}.grad = {slope}",
    "figure.steepest": "∇f (direction of steepest ascent)",
    "figure.loss_before_step": "loss before each step",
    "figure.grad_per_step": "|.grad| used by each step",
    "figure.step": "step",
    "figure.step_number": "step {number}",
    "figure.path": "path",
    # ------------------------------------------------------- beyond first derivatives
    "beyond.heading": "Beyond first derivatives",
    "beyond.hessian": "Hessian",
    "beyond.modes": "Forward vs reverse mode",
    "beyond.again": "Backward again",
    "hessian.intro": "`torch.autograd.functional.hessian`: a backward pass through the graph that the first backward "
    "pass built (double backward). Rows and columns: {order}.",
    "hessian.gave_up": "SymPy's check gave up ({reason}).",
    "hessian.against": "Against SymPy's second derivatives: largest relative difference `{worst}` {badge}.",
    "hessian.variable": "Draw the graph that computes the gradient with respect to",
    "hessian.gradient_graph": "`torch.autograd.grad(y, {variable}, create_graph=True)` returns ∂y/∂{variable} = "
    "`{value}` with a graph of its own: the backward pass, recorded. A second backward walks this graph.",
    "hessian.too_large": "This gradient's graph has {nodes} nodes and {edges} edges: too many to lay out here "
    "in reasonable time, so it is not drawn.",
    "modes.direction": "A direction v for the directional derivative f'(x)·v:",
    "modes.values": "Forward mode, `torch.func.jvp`: `{jvp}`. Reverse mode, the gradient from `backward()` dotted "
    "with v: `{dot}`.",
    "modes.explain": "Forward mode carries one direction through one forward pass: {count} passes would give the "
    "whole gradient. Reverse mode gives the gradient of one output with respect to every input in one backward pass. "
    "So for a scalar loss of many parameters (training) reverse mode is cheaper; forward mode wins when there are "
    "few inputs and many outputs, or one direction is all you need.",
    "again.more": "backward() again",
    "again.reset": "zero_grad()",
    "again.after_call": "# after backward() call {count}:",
    "again.warning": "{count} backward() calls and no zero_grad(): each call adds its gradient to .grad, which now "
    "holds {count} times the true gradient. Training code calls optimizer.zero_grad() before every backward() for "
    "this reason.",
    "code.expander": "Code: this computation as a PyTorch script",
    "code.caption": "Self-contained: `python autograd_example.py` prints the values this page shows.",
    "code.download": "Download the script",
    # ----------------------------------------------------------------------- presets
    "preset.first_graph": "y = w x + b",
    "preset.first_graph.note": "The tutorial's first graph: dy/dw = x = 1, dy/dx = w = 2, dy/db = 1.",
    "preset.example1": "Example 1: x²",
    "preset.example1.note": "dy/dx = 2x.",
    "preset.example2": "Example 2: eˣ",
    "preset.example2.note": "dy/dx = e^x. Use torch.exp, not numpy.exp: NumPy would break the graph.",
    "preset.example3": "Example 3: sin x",
    "preset.example3.note": "dy/dx = cos x, at x = π.",
    "preset.example4": "Example 4: (x−4)(x²+6)",
    "preset.example4.note": "dy/dx = 3x² − 8x + 6.",
    "preset.example5": "Example 5: (√x+1)³",
    "preset.example5.note": "dy/dx = 3(√x + 1)² / (2√x).",
    "preset.example6": "Example 6: (x+2y)²",
    "preset.example6.note": "Partial derivatives: ∂z/∂x = 2(x + 2y), ∂z/∂y = 4(x + 2y).",
    # ----------------------------------------------------------------------- the lab
    "lab.caption": "The tutorial's second half, live: a batch x = randn(N, I), targets y = randn(N, O), "
    "nn.Linear(I, O), MSELoss, loss.backward(), one SGD step by hand and one by optimizer.step(), then K steps of "
    "training.",
    "lab.cannot_run": "**Cannot run the lab.** {error}",
    "lab.seed": "seed",
    "lab.batch": "batch size N",
    "lab.inputs": "inputs I",
    "lab.outputs": "outputs O",
    "lab.lr": "learning rate",
    "lab.optimizer": "optimizer",
    "lab.optimizer.momentum": "SGD with momentum {momentum}",
    "lab.steps": "training steps K",
    "lab.forget": "forget zero_grad()",
    "lab.forget_help": "Without optimizer.zero_grad(), each backward() adds to .grad.",
    "lab.freeze": "freeze the weight",
    "lab.freeze_help": "weight.requires_grad_(False): a frozen layer, as when fine-tuning.",
    "lab.largest": "Largest |by hand − `optimizer.step()`|: weight `{weight}`, bias `{bias}`.",
    "lab.adam": "Adam's step is not w − lr·grad, so it differs from the update by hand: its first step moves each "
    "parameter by about lr in the direction opposite to its gradient's sign.",
    "lab.momentum": "With momentum the first step equals plain SGD (the velocity starts as the gradient); later "
    "steps build speed.",
    "lab.frozen": "The weight is frozen: no gradient, and neither the update by hand nor the optimizer moves it.",
    "lab.closed_heading": "The closed form next to autograd",
    "lab.closed_none": "{name}: autograd computed none (the weight is frozen).",
    "lab.closed_difference": "{name}: largest |closed form − autograd| = `{difference}`",
    "lab.graph_heading": "The autograd graph of the loss",
    "lab.graph_caption": "The same graph module as for formulas. Tensors are shown by shape; pick a node to see its "
    "values. x and y need no gradient, so they are not part of the graph.",
    "lab.node": "Show the tensors of",
    "lab.value": "**value**",
    "lab.not_kept": "not kept by PyTorch",
    "lab.gradient": "**gradient of the loss with respect to it**",
    "lab.training_heading": "Training: {steps} steps",
    "lab.loss_change": "Loss `{first}` → `{last}`.",
    "lab.forgotten": "zero_grad() is forgotten: every backward() adds its gradient to what .grad already holds, so "
    "each step uses the sum of all gradients so far. The right panel shows them piling up; training overshoots or "
    "oscillates instead of settling.",
    "lab.path_caption": "With one input and one output the model has two parameters, w and b: this is the loss over "
    "them, and the path the optimizer took.",
    "lab.path_hint": "Set inputs I = 1 and outputs O = 1 to see the path of the two parameters over the loss.",
    # ------------------------------------------------------------- lab setting errors
    "lab_error.batch": "batch must be a whole number from 1 to {bound}, not {value}",
    "lab_error.inputs": "inputs must be a whole number from 1 to {bound}, not {value}",
    "lab_error.outputs": "outputs must be a whole number from 1 to {bound}, not {value}",
    "lab_error.steps": "steps must be a whole number from 1 to {bound}, not {value}",
    "lab_error.lr": "the learning rate must be above 0 and at most {limit}, not {value}",
    "lab_error.optimizer": "the optimizer must be one of {options}, not {value}",
    "lab_error.seed": "the seed must be from 0 to 2**63 - 1, not {value}",
    # ---------------------------------------------------------------- share links
    "link.too_long": "longer than {limit} characters",
    "link.one_of": "must be one of {options}",
    "link.one_or_zero": "must be 1 or 0",
    "link.unknown": "is not a setting of this page",
    "value.variable": "a value cannot contain the variable {name}",
    "value.not_finite": "the value {value} is not a finite number",
    "hint.value_numbers": "use numbers, pi and e",
    "hint.finite": "use a finite number",
    # ------------------------------------------------------------ formula mistakes
    "error.at_column": "{message} at column {column}",
    "error.with_hint": "{text}: {hint}",
    "parse.lone_dot": "a lone '.' is not a number",
    "parse.two_points": "a number has two decimal points",
    "parse.exponent_fraction": "the exponent of a number must be a whole number",
    "parse.number_too_large": "the number {number} is too large",
    "parse.bad_character": "the character {char} is not part of the formula language",
    "parse.unknown_name": "unknown name '{name}'",
    "parse.too_many_nodes": "the formula is too large: more than {limit} numbers, names and operators",
    "parse.too_deep": "the formula is nested too deeply: more than {limit} levels of parentheses, signs and exponents",
    "parse.one_argument": "functions take exactly one argument",
    "parse.never_closed": "this '(' is never closed",
    "parse.expected_close": "expected ')' but found '{found}'",
    "parse.empty": "the formula is empty",
    "parse.unmatched_close": "this ')' has no matching '('",
    "parse.comma": "a ',' is not allowed here",
    "parse.unexpected": "unexpected '{token}'",
    "parse.empty_parentheses": "empty parentheses",
    "parse.ends_early": "the formula ends where a number, name or '(' is needed",
    "parse.empty_early": "the formula is empty where a number, name or '(' is needed",
    "parse.unexpected_close": "unexpected ')'",
    "parse.needs_before": "'{token}' needs something before it",
    "parse.needs_parentheses": "the function {name} needs parentheses",
    "parse.needs_argument": "{name}() needs an argument",
    "parse.too_many_variables": "the formula has too many variables: more than {limit}",
    "parse.not_text": "the formula must be text",
    "parse.too_long": "the formula is too long: {length} characters, the limit is {limit}",
    "parse.control_character": "the control character {char} is not allowed",
    "hint.lone_dot": "write 0.5 or .5",
    "hint.two_points": "write 1.5, not 1.5.2",
    "hint.exponent_fraction": "write a fractional power with ^, for example 10^1.5",
    "hint.number_limit": "numbers must be below 1.8e308 (the largest float)",
    "hint.round_parentheses": "use round parentheses ( ) for grouping",
    "hint.not_equation": "write an expression, not an equation or comparison",
    "hint.no_quotes": "quotes are not part of formulas",
    "hint.plain_space": "type a plain space, or nothing",
    "hint.ascii": "use plain ASCII letters and digits",
    "hint.language": "use numbers, x-style variables, + - * / ^, parentheses and functions like sin(x)",
    "hint.did_you_mean": "did you mean {func}({rest})?",
    "hint.lower_case": "names are lower case: write {name}",
    "hint.product_call": "write {product}*{func}(...)",
    "hint.product": "write {product} or {spaced}",
    "hint.names": "variables are one letter (other than e) with optional digits, like x or w2; functions are "
    "{functions}",
    "hint.split": "split it into smaller formulas",
    "hint.redundant_parentheses": "remove redundant parentheses",
    "hint.remove_comma": "remove the ',' and what follows",
    "hint.add_close": "add a ')'",
    "hint.check_parentheses": "check the parentheses",
    "hint.type_formula": "type a formula such as x^2 or sin(x)",
    "hint.remove_close": "remove it or add a '(' before",
    "hint.one_argument": "functions take one argument",
    "hint.add_operator": "add an operator before it",
    "hint.inside_parentheses": "put an expression inside ( )",
    "hint.complete": "complete the formula",
    "hint.atom_needed": "a number, name or '(' is needed here",
    "hint.put_before": "put a number or name before it",
    "hint.write_call": "write {name}(x)",
    "hint.reuse_variables": "reuse variables, or split the formula",
    "hint.shorten": "shorten it",
    "hint.one_line": "type the formula on one line",
}

JA: dict[str, str] = {
    # ------------------------------------------------------------------ the app's frame
    "app.title": "∂ autodiff-explorer：自動微分を見る",
    "app.caption": "式を入力すると、PyTorch の autograd がその式について記録する計算グラフ、`backward()` "
    "が計算する勾配、そしてそれらと記号微分の結果との比較が見られます。",
    "page.formula": "数式エクスプローラー",
    "page.lab": "損失とオプティマイザの実験",
    "language.label": "言語 / Language",
    "sidebar.examples": "例題",
    "sidebar.examples_caption": "このアプリの元になった PyTorch 自動微分チュートリアルの例です。"
    "クリックひとつで式と値がすべて入ります。",
    "link.not_used": "このリンクの **{parameter}** は使われませんでした：{reason}",
    "list.separator": "、",
    # ------------------------------------------------------------------------- inputs
    "formula.label": "式（Enter キーで反映）",
    "formula.placeholder": "例：(sqrt(x)+1)^3 や (x+2y)^2",
    "formula.help": "使えるもの：数、x や w2 のような変数、+ - * / ^、2x のような掛け算記号の省略、pi、e、"
    "関数 sin cos tan asin acos atan sinh cosh tanh exp log ln log2 log10 sqrt abs sigmoid relu softplus。",
    "formula.cannot_read": "**この式は読み取れません。** {error}",
    "variables.requires_grad": "requires_grad",
    "variables.requires_grad_help": "オフにすると PyTorch は {name} を追跡せず、{name}.grad は None のままです"
    "（ファインチューニングで層を固定するときのやり方です）。",
    "variables.none": "この式には変数がないので、微分するものがありません。x^2 などを試してください。",
    "dtype.label": "dtype",
    "dtype.help": "float32 は PyTorch の既定の型で、チュートリアルと同じです。",
    # ----------------------------------------------------------------- printout, SymPy
    "printout.heading": "PyTorch の出力",
    "printout.tutorial": "チュートリアルの出力：{prints}。{note}",
    "number.nan": "{label} は nan（非数）です：この点では式が定義されていません。たとえば負の数の sqrt や log、"
    "0/0、inf - inf などです。",
    "number.inf": "{label} は無限大です：たとえばゼロでの割り算、log(0)、または float の最大値"
    "（float32 では 3.4e38）を超える結果です。",
    "why.heading": "**この点で起きたこと**",
    "why.sqrt_negative": "`{where}` は nan です：負の数（{value}）の平方根は実数ではありません。",
    "why.log_negative": "`{where}` は nan です：負の数（{value}）の対数は実数ではありません。",
    "why.log_zero": "`{where}` は -inf です：0 の対数です。",
    "why.asin_range": "`{where}` は nan です：asin と acos は -1 から 1 までの数しか取れませんが、"
    "ここでは {value} です。",
    "why.function_of_inf": "`{where}` は nan です：この関数は無限大（{value}）で値を持ちません。",
    "why.zero_times_inf": "`{where}` は nan です：{value} は値を持ちません。",
    "why.inf_over_inf": "`{where}` は nan です：{value} は値を持ちません。",
    "why.inf_minus_inf": "`{where}` は nan です：{value} は値を持ちません。",
    "why.zero_over_zero": "`{where}` は nan です：0 / 0 は値を持ちません。",
    "why.divide_by_zero": "`{where}` は {result} です：ゼロでの割り算です（{value}）。",
    "why.zero_negative_power": "`{where}` は {result} です：0 の負のべき乗はゼロでの割り算です（{value}）。",
    "why.negative_base": "`{where}` は nan です：負の数の分数乗は実数ではありません（{value}）。",
    "why.overflow": "`{where}` は {result} です：正確な結果が {dtype} の最大値 {limit} を"
    "超えています（{value} から）。",
    "why.corner_abs": "`{where}`：abs は 0 で角があり、そこでは微分できません（左の傾きは -1、右は 1）。"
    "PyTorch はそこで 0 を使います。",
    "why.corner_relu": "`{where}`：relu は 0 で角があり、そこでは微分できません（左の傾きは 0、右は 1）。"
    "PyTorch はそこで 0 を使います。",
    "why.backward_inf": "backward() の中で `{op}` は {arrived} を受け取り {sent} を送りました："
    "ここでは局所微分が無限大（0 での sqrt、0 での 1/u）か、dtype の最大値を超えています"
    "（float32 での exp(100) のように）。",
    "why.grads_add_to_nan": "`{name}.grad` は nan です：{name} は複数回使われていて、流れ込んだ勾配 {grads} を"
    "足すと inf - inf になります。",
    "why.backward_zero_times_inf": "backward() の中で `{op}` は {arrived} を受け取り {sent} を送りました："
    "0 に無限大の局所微分を掛けた値はありません。",
    "why.backward_nan": "backward() の中で `{op}` は {arrived} を受け取り {sent} を送りました："
    "ここでは局所微分が値を持ちません。",
    "derivatives.heading": "記号微分（SymPy）",
    "derivatives.gave_up": "記号計算は途中で打ち切られました：{reason}。上の数値は PyTorch が計算したもので、"
    "記号計算には依存しません。",
    "derivatives.too_long": "（長すぎて表示できません）",
    "derivatives.not_real": "この点での SymPy の値は実数ではありません。",
    "derivatives.autograd_none": "Autograd：`None`（{name} は requires_grad がオフです）。",
    "derivatives.autograd_value": "Autograd：`{value}` {badge}（{dtype} での許容誤差 {tolerance}）。",
    "derivatives.at_point": "この点での SymPy の値は `{exact}`。{verdict}",
    "badge.agrees": ":green-badge[一致]",
    "badge.differs": ":red-badge[不一致]",
    # -------------------------------------------------------------------------- graph
    "graph.heading": "計算グラフ：入力した式と、autograd が記録したもの",
    "graph.numbers": "グラフに値と勾配を表示",
    "graph.saved": "保存されたテンソル（各ノードが backward のために保持したもの）",
    "graph.forward_title": "**順伝播：式の木**",
    "graph.forward_caption": "パースされたとおりの式と、各部分が計算した値です。値は下から上へ流れます。",
    "graph.backward_title": "**逆伝播：autograd が記録したグラフ**",
    "graph.backward_caption": "`y.grad_fn` から `next_functions` をたどったグラフです。矢印は `backward()` "
    "で勾配が流れる向きを示し、各辺にはその辺に沿って送られた勾配が書かれています。葉ノード（AccumulateGrad）"
    "は届いた勾配を `.grad` に加算します。",
    "graph.legend": "凡例",
    "graph.download_dot": "DOT をダウンロード",
    "graph.download_svg": "SVG をダウンロード",
    "graph.compact": "ノードが {count} 個あるので簡略表示にしています：同じ枝は 1 回だけ描いて個数（× n）を添え、"
    "主な鎖はまっすぐ下に並べ、ラベルは短くし、辺の勾配は省いています。DOT のダウンロードには"
    "すべてのノードと辺が省略なしで入っています。",
    "legend.output": "出力（勾配の初期値 1）",
    "legend.op": "逆伝播の演算",
    "legend.leaf": "葉：AccumulateGrad",
    "legend.pending": "未実行",
    "legend.current": "実行中",
    # ------------------------------------------------------------ stepping backward()
    "walk.toggle": "backward() を 1 ステップずつたどる",
    "walk.back": "◀ 戻る",
    "walk.next": "次へ ▶",
    "walk.slider": "エンジンが実行したステップ数（全 {total}）",
    "step.before": "backward() の前：順伝播は終わっていて、出力の勾配には初期値 1 が入っています。"
    "次へ ▶ を押すと、エンジンが最初のノードを実行します。",
    "step.leaf": "葉ノード {name}",
    "step.backward_node": "逆伝播のノード",
    "step.runs": "**ステップ {step}/{total}：** エンジンが `{op}`（{what}）を実行します。"
    "届いた勾配：`{arrived}`。",
    "step.sends": "`{target}` へ `{grad}` を送る",
    "step.running_grad": "各葉ノードの現時点の `.grad`：{grads}",
    # -------------------------------------------------------------------------- plots
    "plot.heading": "f とその導関数",
    "plot.view": "表示",
    "view.map": "2 変数のマップ",
    "view.curve": "1 変数の曲線",
    "range.from": "{variable} の下限",
    "range.to": "{variable} の上限",
    "range.bad": "{variable} の範囲は、下限を上限より小さくしてください。",
    "gaps.stretch": "{start}〜{end}",
    "gaps.more": "、ほか {count} か所",
    "gaps.caption": "{variable} が {where}{more} のところで f は定義されないか無限大になります（曲線の途切れ）。"
    "たとえば負の数の sqrt や log、またはゼロでの割り算です。",
    "curve.against": "横軸の変数",
    "curve.against_help": "ほかの変数は現在の値のままです。",
    "curve.second": "f'' も表示",
    "curve.second_help": "2 階導関数。逆伝播を 2 回行って（create_graph=True）計算します。",
    "curve.no_tangent": "接線なし：{variable} は requires_grad がオフなので、autograd はこの点での傾きを"
    "計算していません。",
    "map.across": "横軸",
    "map.up": "縦軸",
    "map.up_help": "残りの変数は現在の値のままです。",
    "map.three_d": "3D 曲面",
    "map.missing": "格子点 {total} 個のうち {missing} 個で f が定義されないか無限大です（空白のまま）。",
    "map.arrows": "矢印：格子全体についての同じ逆伝播で求めた勾配 (∂f/∂{x}, ∂f/∂{y}) で、"
    "上り坂の向きを指します。太い矢印はこの点での autograd の勾配です。",
    "figure.the_point": "この点",
    "figure.tangent": "接線（傾き = autograd の {variable}.grad = {slope}）",
    "figure.steepest": "∇f（最も急に増える向き）",
    "figure.loss_before_step": "各ステップ前の loss",
    "figure.grad_per_step": "各ステップで使われた |.grad|",
    "figure.step": "ステップ",
    "figure.step_number": "ステップ {number}",
    "figure.path": "経路",
    # ------------------------------------------------------- beyond first derivatives
    "beyond.heading": "1 階微分の先へ",
    "beyond.hessian": "ヘッセ行列",
    "beyond.modes": "フォワードモードとリバースモード",
    "beyond.again": "もう一度 backward",
    "hessian.intro": "`torch.autograd.functional.hessian`：1 回目の逆伝播が作ったグラフを、さらに逆伝播します"
    "（double backward）。行と列の順：{order}。",
    "hessian.gave_up": "SymPy による検算は打ち切られました（{reason}）。",
    "hessian.against": "SymPy の 2 階偏導関数との比較：最大の相対誤差 `{worst}` {badge}。",
    "hessian.variable": "勾配を計算するグラフを描く変数",
    "hessian.gradient_graph": "`torch.autograd.grad(y, {variable}, create_graph=True)` は ∂y/∂{variable} = "
    "`{value}` を、それ自身の計算グラフ付きで返します。これは逆伝播そのものを記録したグラフで、"
    "2 回目の backward はこのグラフをたどります。",
    "hessian.too_large": "この勾配の計算グラフはノード {nodes} 個、辺 {edges} 本で、ここで妥当な時間内に"
    "レイアウトするには大きすぎるため、描画しません。",
    "modes.direction": "方向微分 f'(x)·v の方向 v：",
    "modes.values": "フォワードモード（`torch.func.jvp`）：`{jvp}`。リバースモード（`backward()` "
    "で求めた勾配と v の内積）：`{dot}`。",
    "modes.explain": "フォワードモードは 1 回の順伝播で 1 つの方向を運びます。勾配全体を得るには順伝播が {count} "
    "回必要です。リバースモードは 1 回の逆伝播で、1 つの出力の、すべての入力についての勾配を求めます。"
    "そのため、多数のパラメータを持つスカラーの loss（学習）ではリバースモードが安上がりです。"
    "入力が少なく出力が多いときや、1 つの方向だけが必要なときはフォワードモードが有利です。",
    "again.more": "もう一度 backward()",
    "again.reset": "zero_grad()",
    "again.after_call": "# backward() {count} 回目の呼び出しの後:",
    "again.warning": "zero_grad() なしで backward() を {count} 回呼びました：呼ぶたびに勾配が .grad "
    "に加算されるので、.grad には今、本当の勾配の {count} 倍が入っています。学習のコードが毎回 backward() "
    "の前に optimizer.zero_grad() を呼ぶのはこのためです。",
    "code.expander": "コード：この計算を PyTorch のスクリプトで",
    "code.caption": "単独で動きます：`python autograd_example.py` を実行すると、このページと同じ値を表示します。",
    "code.download": "スクリプトをダウンロード",
    # ----------------------------------------------------------------------- presets
    "preset.first_graph": "y = w x + b",
    "preset.first_graph.note": "チュートリアルの最初の計算グラフ：dy/dw = x = 1、dy/dx = w = 2、dy/db = 1。",
    "preset.example1": "例1：x²",
    "preset.example1.note": "導関数：dy/dx = 2x",
    "preset.example2": "例2：eˣ",
    "preset.example2.note": "dy/dx = e^x。numpy.exp ではなく torch.exp を使います。NumPy の関数を使うと"
    "計算グラフが途切れてしまいます。",
    "preset.example3": "例3：sin x",
    "preset.example3.note": "dy/dx = cos x（x = π において）",
    "preset.example4": "例4：(x−4)(x²+6)",
    "preset.example4.note": "導関数：dy/dx = 3x² − 8x + 6",
    "preset.example5": "例5：(√x+1)³",
    "preset.example5.note": "導関数：dy/dx = 3(√x + 1)² / (2√x)",
    "preset.example6": "例6：(x+2y)²",
    "preset.example6.note": "偏微分：∂z/∂x = 2(x + 2y)、∂z/∂y = 4(x + 2y)",
    # ----------------------------------------------------------------------- the lab
    "lab.caption": "チュートリアルの後半を実際に動かします：バッチ x = randn(N, I)、目標値 y = randn(N, O)、"
    "nn.Linear(I, O)、MSELoss、loss.backward()、手計算による SGD の 1 ステップと optimizer.step() "
    "による 1 ステップ、そして K ステップの学習です。",
    "lab.cannot_run": "**実験を実行できません。** {error}",
    "lab.seed": "乱数のシード",
    "lab.batch": "バッチサイズ N",
    "lab.inputs": "入力の次元 I",
    "lab.outputs": "出力の次元 O",
    "lab.lr": "学習率",
    "lab.optimizer": "オプティマイザ",
    "lab.optimizer.momentum": "SGD（モメンタム {momentum}）",
    "lab.steps": "学習ステップ数 K",
    "lab.forget": "zero_grad() を忘れる",
    "lab.forget_help": "optimizer.zero_grad() を呼ばないと、backward() のたびに .grad に加算されていきます。",
    "lab.freeze": "重みを固定する",
    "lab.freeze_help": "weight.requires_grad_(False)：ファインチューニングのときのように層を固定します。",
    "lab.largest": "|手計算 − `optimizer.step()`| の最大値：weight `{weight}`、bias `{bias}`。",
    "lab.adam": "Adam の更新は w − lr·grad ではないので、手計算の更新とは一致しません：最初のステップでは、"
    "各パラメータを勾配の符号と逆の向きにおよそ lr だけ動かします。",
    "lab.momentum": "モメンタム付きでも最初のステップは普通の SGD と同じです（速度の初期値が勾配そのものなので）。"
    "その後のステップで加速していきます。",
    "lab.frozen": "重みは固定されています：勾配はなく、手計算の更新でもオプティマイザでも動きません。",
    "lab.closed_heading": "解析的に求めた勾配と autograd の比較",
    "lab.closed_none": "{name}：autograd は計算していません（重みが固定されています）。",
    "lab.closed_difference": "{name}：|解析式 − autograd| の最大値 = `{difference}`",
    "lab.graph_heading": "loss の autograd グラフ",
    "lab.graph_caption": "数式のページと同じグラフ表示です。テンソルは形状で示しています。"
    "ノードを選ぶと値が見られます。x と y は勾配が要らないので、グラフには含まれません。",
    "lab.node": "テンソルを表示するノード",
    "lab.value": "**値**",
    "lab.not_kept": "PyTorch は保持していません",
    "lab.gradient": "**このノードについての loss の勾配**",
    "lab.training_heading": "学習：{steps} ステップ",
    "lab.loss_change": "loss：`{first}` → `{last}`。",
    "lab.forgotten": "zero_grad() を忘れています：backward() のたびに勾配が .grad "
    "にすでに入っている値へ加算されるので、各ステップはそれまでのすべての勾配の和を使います。右のグラフでそれが積み上がっていく様子が見られます。"
    "学習は収束せず、行き過ぎたり振動したりします。",
    "lab.path_caption": "入力と出力が 1 つずつのとき、モデルのパラメータは w と b の 2 つです：図はその上での loss と、"
    "オプティマイザがたどった経路です。",
    "lab.path_hint": "入力の次元 I = 1、出力の次元 O = 1 にすると、loss の上で 2 つのパラメータがたどる経路が"
    "見られます。",
    # ------------------------------------------------------------- lab setting errors
    "lab_error.batch": "バッチサイズ（batch）は 1 から {bound} までの整数にしてください（今は {value}）",
    "lab_error.inputs": "入力の次元（inputs）は 1 から {bound} までの整数にしてください（今は {value}）",
    "lab_error.outputs": "出力の次元（outputs）は 1 から {bound} までの整数にしてください（今は {value}）",
    "lab_error.steps": "ステップ数（steps）は 1 から {bound} までの整数にしてください（今は {value}）",
    "lab_error.lr": "学習率は 0 より大きく {limit} 以下にしてください（今は {value}）",
    "lab_error.optimizer": "オプティマイザは {options} のいずれかにしてください（今は {value}）",
    "lab_error.seed": "シードは 0 から 2**63 - 1 までにしてください（今は {value}）",
    # ---------------------------------------------------------------- share links
    "link.too_long": "{limit} 文字を超えています",
    "link.one_of": "{options} のいずれかにしてください",
    "link.one_or_zero": "1 か 0 にしてください",
    "link.unknown": "このページの設定ではありません",
    "value.variable": "値に変数 {name} は使えません",
    "value.not_finite": "値 {value} は有限の数ではありません",
    "hint.value_numbers": "数、pi、e を使ってください",
    "hint.finite": "有限の数にしてください",
    # ------------------------------------------------------------ formula mistakes
    "error.at_column": "{column} 文字目：{message}",
    "error.with_hint": "{text}。{hint}",
    "parse.lone_dot": "'.' だけでは数になりません",
    "parse.two_points": "数に小数点が 2 つあります",
    "parse.exponent_fraction": "数の指数部は整数でなければなりません",
    "parse.number_too_large": "数 {number} は大きすぎます",
    "parse.bad_character": "文字 {char} は式の中では使えません",
    "parse.unknown_name": "'{name}' という名前はありません",
    "parse.too_many_nodes": "式が大きすぎます：数・名前・演算子が {limit} 個を超えています",
    "parse.too_deep": "式の入れ子が深すぎます：括弧・符号・指数が {limit} 段を超えています",
    "parse.one_argument": "関数の引数はちょうど 1 つです",
    "parse.never_closed": "この '(' が閉じられていません",
    "parse.expected_close": "')' があるはずのところに '{found}' があります",
    "parse.empty": "式が空です",
    "parse.unmatched_close": "この ')' に対応する '(' がありません",
    "parse.comma": "ここに ',' は書けません",
    "parse.unexpected": "'{token}' はここには置けません",
    "parse.empty_parentheses": "括弧の中が空です",
    "parse.ends_early": "数・名前・'(' が必要なところで式が終わっています",
    "parse.empty_early": "数・名前・'(' が必要ですが、式が空です",
    "parse.unexpected_close": "ここに ')' は置けません",
    "parse.needs_before": "'{token}' の前に何かが必要です",
    "parse.needs_parentheses": "関数 {name} には括弧が必要です",
    "parse.needs_argument": "{name}() には引数が必要です",
    "parse.too_many_variables": "式の変数が多すぎます：{limit} 個を超えています",
    "parse.not_text": "式は文字列でなければなりません",
    "parse.too_long": "式が長すぎます：{length} 文字あり、上限は {limit} 文字です",
    "parse.control_character": "制御文字 {char} は使えません",
    "hint.lone_dot": "0.5 や .5 のように書いてください",
    "hint.two_points": "1.5.2 ではなく 1.5 のように書いてください",
    "hint.exponent_fraction": "小数の累乗は ^ で書いてください（例：10^1.5）",
    "hint.number_limit": "数は 1.8e308（float の最大値）より小さくしてください",
    "hint.round_parentheses": "まとめるには丸括弧 ( ) を使ってください",
    "hint.not_equation": "等式や比較ではなく、式を書いてください",
    "hint.no_quotes": "式に引用符は使いません",
    "hint.plain_space": "普通の半角スペースを入れるか、何も入れないでください",
    "hint.ascii": "半角の英字と数字（ASCII）を使ってください",
    "hint.language": "数、x のような変数、+ - * / ^、括弧、sin(x) のような関数を使ってください",
    "hint.did_you_mean": "{func}({rest}) のことですか？",
    "hint.lower_case": "名前は小文字です：{name} と書いてください",
    "hint.product_call": "{product}*{func}(...) のように書いてください",
    "hint.product": "{product} または {spaced} と書いてください",
    "hint.names": "変数は e 以外の英字 1 文字で、後ろに数字を付けてもかまいません（x や w2 など）。"
    "使える関数：{functions}",
    "hint.split": "いくつかの小さな式に分けてください",
    "hint.redundant_parentheses": "余分な括弧を取り除いてください",
    "hint.remove_comma": "',' とその後ろを消してください",
    "hint.add_close": "')' を追加してください",
    "hint.check_parentheses": "括弧の対応を確認してください",
    "hint.type_formula": "x^2 や sin(x) のような式を入力してください",
    "hint.remove_close": "これを消すか、前に '(' を追加してください",
    "hint.one_argument": "関数の引数は 1 つです",
    "hint.add_operator": "前に演算子を入れてください",
    "hint.inside_parentheses": "( ) の中に式を入れてください",
    "hint.complete": "式を最後まで書いてください",
    "hint.atom_needed": "ここには数・名前・'(' が必要です",
    "hint.put_before": "前に数か名前を置いてください",
    "hint.write_call": "{name}(x) のように書いてください",
    "hint.reuse_variables": "同じ変数を使い回すか、式を分けてください",
    "hint.shorten": "短くしてください",
    "hint.one_line": "式は 1 行で入力してください",
}

MESSAGES: dict[str, dict[str, str]] = {"en": EN, "ja": JA}


def language(lang: object) -> str:
    """`lang` if it is a known language, else the default (English)."""
    return lang if isinstance(lang, str) and lang in MESSAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message `key` in `lang` (English for an unknown language), with `params` filled in.

    A missing key is a programming error and raises KeyError; tests/test_i18n.py checks that
    every key the code uses exists in both languages."""
    return MESSAGES[language(lang)][key].format(**params)
