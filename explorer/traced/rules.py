"""The local derivative rule each PyTorch backward node applies, in LaTeX.

A node receives the gradient g of the output with respect to its own result, and sends
g times its local derivative to each input. `u` and `v` are the node's inputs in the
order of its `next_functions`; `c` is a constant that PyTorch stores on the node. For
tensor operations the rule is written with G, the arrived gradient shaped like the result,
in matrix form (a product's gradients are G Bᵀ and Aᵀ G); elementwise rules such as
MulBackward0's hold elementwise, and where an input was broadcast the engine then sums the
gradient back to that input's shape.
"""

from __future__ import annotations

import re

from explorer.i18n import t

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
    # tensor operations: G is the gradient that arrived, shaped like the node's result; ⊙ multiplies elementwise
    "MmBackward0": r"\frac{\partial L}{\partial A} = G\,B^{\top},\quad \frac{\partial L}{\partial B} = A^{\top} G",
    "MvBackward0": r"\frac{\partial L}{\partial A} = G\,v^{\top},\quad \frac{\partial L}{\partial v} = A^{\top} G",
    "BmmBackward0": r"\frac{\partial L}{\partial A_k} = G_k B_k^{\top},\quad "
    r"\frac{\partial L}{\partial B_k} = A_k^{\top} G_k",
    "AddmmBackward0": r"M + A B:\quad \frac{\partial L}{\partial M} = G\ \text{(summed to the shape of M)},\quad "
    r"\frac{\partial L}{\partial A} = G\,B^{\top},\quad \frac{\partial L}{\partial B} = A^{\top} G",
    "DotBackward0": r"\frac{\partial (a \cdot b)}{\partial a} = G\,b,\quad "
    r"\frac{\partial (a \cdot b)}{\partial b} = G\,a",
    "TBackward0": r"A^{\top}:\quad \frac{\partial L}{\partial A} = G^{\top}",
    "TransposeBackward0": r"\frac{\partial L}{\partial A} = G \text{ with the two dims swapped back}",
    "PermuteBackward0": r"\frac{\partial L}{\partial A} = G \text{ with the dims put back in their order}",
    "SumBackward0": r"\sum_i u_i:\quad \frac{\partial L}{\partial u_i} = G \text{ for every } i",
    "SumBackward1": r"\sum_{\mathrm{dim}} u:\quad \frac{\partial L}{\partial u} = "
    r"G \text{ spread back over the summed dims}",
    "MeanBackward0": r"\frac{1}{n}\sum_i u_i:\quad \frac{\partial L}{\partial u_i} = \frac{G}{n}",
    "MeanBackward1": r"\text{mean over dims}:\quad \frac{\partial L}{\partial u} = \frac{G}{n} "
    r"\text{ spread back over the averaged dims, n how many were averaged}",
    "MseLossBackward0": r"L = \frac{1}{n}\sum (\hat y - y)^2:\quad \frac{\partial L}{\partial \hat y} = "
    r"\frac{2}{n}(\hat y - y)\,G,\quad \frac{\partial L}{\partial y} = -\frac{2}{n}(\hat y - y)\,G",
    "SoftmaxBackward0": r"s = \operatorname{softmax}(u):\quad \frac{\partial L}{\partial u} = s \odot "
    r"\bigl(G - \textstyle\sum_j G_j s_j\bigr)",
    "LogSoftmaxBackward0": r"\frac{\partial L}{\partial u} = G - \operatorname{softmax}(u) \textstyle\sum_j G_j",
    "NllLossBackward0": r"\frac{\partial L}{\partial u_{i,c}} = -\frac{G}{N} "
    r"\text{ where c is the target of sample i, else 0}",
    "ExpandBackward0": r"\frac{\partial L}{\partial u} = G \text{ summed over the expanded dims}",
    "ViewBackward0": r"\frac{\partial L}{\partial u} = G \text{ reshaped to the shape of u}",
    "UnsafeViewBackward0": r"\frac{\partial L}{\partial u} = G \text{ reshaped to the shape of u}",
    "ReshapeAliasBackward0": r"\frac{\partial L}{\partial u} = G \text{ reshaped to the shape of u}",
    "UnsqueezeBackward0": r"\frac{\partial L}{\partial u} = G \text{ without the added dim}",
    "SqueezeBackward0": r"\frac{\partial L}{\partial u} = G \text{ with the removed dims put back}",
    "SqueezeBackward1": r"\frac{\partial L}{\partial u} = G \text{ with the removed dim put back}",
    "CloneBackward0": r"\frac{\partial L}{\partial u} = G",
    "CatBackward0": r"\frac{\partial L}{\partial u_k} = G \text{ cut back into the pieces that were joined}",
    "StackBackward0": r"\frac{\partial L}{\partial u_k} = G_k \text{, slice k of G}",
    "SelectBackward0": r"\frac{\partial L}{\partial u} = G \text{ placed at the selected index, zeros elsewhere}",
    "SliceBackward0": r"\frac{\partial L}{\partial u} = G \text{ placed in the slice, zeros elsewhere}",
    "IndexBackward0": r"\frac{\partial L}{\partial u} = G \text{ added at the indexed places, zeros elsewhere}",
}


# The words inside the rules' \text{...}, by their catalog keys: each language writes its own.
WORDS = {
    "added at the indexed places, zeros elsewhere": "rule.added_at_index",
    "cut back into the pieces that were joined": "rule.cut_back",
    "for every": "rule.for_every",
    "placed at the selected index, zeros elsewhere": "rule.placed_at_index",
    "placed in the slice, zeros elsewhere": "rule.placed_in_slice",
    "reshaped to the shape of u": "rule.reshaped",
    "spread back over the averaged dims, n how many were averaged": "rule.mean_spread",
    "spread back over the summed dims": "rule.sum_spread",
    "summed over the expanded dims": "rule.expanded",
    "where c is the target of sample i, else 0": "rule.nll_target",
    "with the dims put back in their order": "rule.permute",
    "with the removed dim put back": "rule.squeeze_one",
    "with the removed dims put back": "rule.squeeze",
    "with the two dims swapped back": "rule.transpose",
    "without the added dim": "rule.unsqueeze",
    "(summed to the shape of M)": "rule.summed_to_m",
    ", slice k of G": "rule.stack",
    "mean over dims": "rule.mean_dims",
}
TEXT = re.compile(r"\\text\{([^{}]*)\}")


def rule(op: str, lang: str = "en") -> str:
    """LaTeX of the node's local derivative, its words in `lang`; a plain pointer for ops without an entry."""
    if op not in RULES:
        return rf"\text{{{t('rule.unknown', lang, op=op)}}}"
    def words(found: re.Match) -> str:
        text = found[1].strip()
        if text not in WORDS:
            return found[0]
        lead, trail = found[1][: len(found[1]) - len(found[1].lstrip())], found[1][len(found[1].rstrip()) :]
        return rf"\text{{{lead}{t(WORDS[text], lang)}{trail}}}"

    return TEXT.sub(words, RULES[op])
