"""The local derivative rule each PyTorch backward node applies, in LaTeX.

A node receives the gradient g of the output with respect to its own result, and sends
g times its local derivative to each input. `u` and `v` are the node's inputs in the
order of its `next_functions`; `c` is a constant that PyTorch stores on the node.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    "AddBackward0": r"\frac{\partial (u+v)}{\partial u} = 1,\quad \frac{\partial (u+v)}{\partial v} = 1",
    "AddBackward1": r"\frac{\partial (u+c)}{\partial u} = 1",
    "SubBackward0": r"\frac{\partial (u-v)}{\partial u} = 1,\quad \frac{\partial (u-v)}{\partial v} = -1",
    "SubBackward1": r"\frac{\partial (u-c)}{\partial u} = 1",
    "RsubBackward0": r"\frac{\partial (v-u)}{\partial u} = -1,\quad \frac{\partial (v-u)}{\partial v} = 1",
    "RsubBackward1": r"\frac{\partial (c-u)}{\partial u} = -1",
    "MulBackward0": r"\frac{\partial (u v)}{\partial u} = v,\quad \frac{\partial (u v)}{\partial v} = u",
    "MulBackward1": r"\frac{\partial (c\,u)}{\partial u} = c",
    "DivBackward0": r"\frac{\partial (u/v)}{\partial u} = \frac{1}{v},\quad "
    r"\frac{\partial (u/v)}{\partial v} = -\frac{u}{v^{2}}",
    "DivBackward1": r"\frac{\partial (u/c)}{\partial u} = \frac{1}{c}",
    "ReciprocalBackward0": r"\frac{d}{du}\,\frac{1}{u} = -\frac{1}{u^{2}}",
    "NegBackward0": r"\frac{d(-u)}{du} = -1",
    "PowBackward0": r"\frac{d\,u^{c}}{du} = c\,u^{c-1}",
    "PowBackward1": r"\frac{\partial u^{v}}{\partial u} = v\,u^{v-1},\quad "
    r"\frac{\partial u^{v}}{\partial v} = u^{v}\ln u",
    "PowBackward2": r"\frac{d\,c^{u}}{du} = c^{u}\ln c",
    "SinBackward0": r"\frac{d}{du}\sin u = \cos u",
    "CosBackward0": r"\frac{d}{du}\cos u = -\sin u",
    "TanBackward0": r"\frac{d}{du}\tan u = 1 + \tan^{2} u",
    "AsinBackward0": r"\frac{d}{du}\arcsin u = \frac{1}{\sqrt{1-u^{2}}}",
    "AcosBackward0": r"\frac{d}{du}\arccos u = -\frac{1}{\sqrt{1-u^{2}}}",
    "AtanBackward0": r"\frac{d}{du}\arctan u = \frac{1}{1+u^{2}}",
    "SinhBackward0": r"\frac{d}{du}\sinh u = \cosh u",
    "CoshBackward0": r"\frac{d}{du}\cosh u = \sinh u",
    "TanhBackward0": r"\frac{d}{du}\tanh u = 1 - \tanh^{2} u",
    "ExpBackward0": r"\frac{d}{du}e^{u} = e^{u}",
    "LogBackward0": r"\frac{d}{du}\ln u = \frac{1}{u}",
    "Log2Backward0": r"\frac{d}{du}\log_{2} u = \frac{1}{u \ln 2}",
    "Log10Backward0": r"\frac{d}{du}\log_{10} u = \frac{1}{u \ln 10}",
    "SqrtBackward0": r"\frac{d}{du}\sqrt{u} = \frac{1}{2\sqrt{u}}",
    "AbsBackward0": r"\frac{d}{du}|u| = \operatorname{sign}(u)",
    "SigmoidBackward0": r"\frac{d}{du}\sigma(u) = \sigma(u)\,\bigl(1-\sigma(u)\bigr)",
    "ReluBackward0": r"\frac{d}{du}\operatorname{relu}(u) = \begin{cases}1 & u > 0\\ 0 & u \le 0\end{cases}",
    "SoftplusBackward0": r"\frac{d}{du}\ln(1+e^{u}) = \sigma(u)",
    "AccumulateGrad": r"x.\mathrm{grad} \mathrel{+}= g",
}


def rule(op: str) -> str:
    """LaTeX of the node's local derivative; a plain pointer for ops without an entry."""
    return RULES.get(op, rf"\text{{{op}: see PyTorch's derivatives.yaml}}")
