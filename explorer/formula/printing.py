"""Printing the syntax tree: canonical text (every product explicit) and LaTeX exactly as it was read,
with one precedence table that every printer of the tree shares (the exported script's too)."""

from __future__ import annotations

from explorer.formula.tree import Binary, Call, Constant, Formula, Node, Number, Unary, Variable

PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "unary": 3, "^": 4, "atom": 5}


def precedence(node: Node) -> int:
    """How tightly a node binds when printed (shared by every printer of the tree)."""
    if isinstance(node, Binary):
        return PREC[node.op]
    if isinstance(node, Unary):
        return PREC["unary"]
    return PREC["atom"]


def format_number(value: float) -> str:
    """Shortest text that parses back to exactly this float."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def canonical(node: Node | Formula) -> str:
    """Fully explicit text of the tree (`2x` -> `2*x`); parsing it gives the same tree."""
    if isinstance(node, Formula):
        node = node.tree

    def wrap(child: Node, minimum: int) -> str:
        text = canonical(child)
        return f"({text})" if precedence(child) < minimum else text

    if isinstance(node, Number):
        return format_number(node.value)
    if isinstance(node, (Constant, Variable)):
        return node.name
    if isinstance(node, Unary):
        return node.op + wrap(node.operand, PREC["unary"])
    if isinstance(node, Call):
        return f"{node.func}({canonical(node.arg)})"
    p = PREC[node.op]
    if node.op == "^":
        return f"{wrap(node.left, PREC['atom'])}^{wrap(node.right, PREC['^'])}"
    sep = f" {node.op} " if p == 1 else node.op
    return f"{wrap(node.left, p)}{sep}{wrap(node.right, p + 1 if p == 1 else PREC['^'])}"


_LATEX_FUNCS = {
    "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "asin": r"\arcsin", "acos": r"\arccos",
    "atan": r"\arctan", "sinh": r"\sinh", "cosh": r"\cosh", "tanh": r"\tanh", "exp": r"\exp",
    "log": r"\log", "ln": r"\ln", "log2": r"\log_{2}", "log10": r"\log_{10}",
    "sigmoid": r"\operatorname{sigmoid}", "relu": r"\operatorname{relu}",
    "softplus": r"\operatorname{softplus}",
}  # fmt: skip


def latex_name(name: str) -> str:
    return name[0] + (f"_{{{name[1:]}}}" if len(name) > 1 else "")


def to_latex(node: Node | Formula) -> str:
    """LaTeX that shows the tree exactly as it was read (no simplification)."""
    if isinstance(node, Formula):
        node = node.tree

    def wrap(child: Node, minimum: int) -> str:
        text = to_latex(child)
        return rf"\left({text}\right)" if precedence(child) < minimum else text

    if isinstance(node, Number):
        text = format_number(node.value)
        if "e" in text:
            mantissa, exponent = text.split("e")
            return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
        return text
    if isinstance(node, Constant):
        return r"\pi" if node.name == "pi" else "e"
    if isinstance(node, Variable):
        return latex_name(node.name)
    if isinstance(node, Unary):
        return node.op + wrap(node.operand, PREC["unary"])
    if isinstance(node, Call):
        if node.func == "sqrt":
            return rf"\sqrt{{{to_latex(node.arg)}}}"
        if node.func == "abs":
            return rf"\left|{to_latex(node.arg)}\right|"
        return rf"{_LATEX_FUNCS[node.func]}\left({to_latex(node.arg)}\right)"
    if node.op == "/":
        return rf"\frac{{{to_latex(node.left)}}}{{{to_latex(node.right)}}}"
    if node.op == "^":
        return f"{{{wrap(node.left, PREC['atom'])}}}^{{{to_latex(node.right)}}}"
    if node.op == "*":
        return rf"{wrap(node.left, 2)} \cdot {wrap(node.right, 4)}"
    return f"{wrap(node.left, 1)} {node.op} {wrap(node.right, 2)}"
