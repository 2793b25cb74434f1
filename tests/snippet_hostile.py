"""A hostile corpus of code for the snippet interpreter: the known escapes from Python sandboxes and their
relatives (asteval, simpleeval, RestrictedPython and numexpr advisories), PyTorch's doors to files and
code, and snippets too heavy to run. Each is refused before it runs, or stopped at a limit.

CANARY is the file a snippet would have to create to prove an escape; the tests check it never exists.
"""

from __future__ import annotations

CANARY = "/tmp/autodiff-explorer-canary"

# name -> source: refused before anything runs (or, for a few, when the running code reaches them)
ESCAPES = {
    "class hierarchy walk": "().__class__.__bases__[0].__subclasses__()",
    "class of a tensor": "import torch\nx = torch.ones(1)\nx.__class__",
    "dunder through getattr": "getattr(print, '__self__')",
    "dunder import": "__import__('os').system('touch " + CANARY + "')",
    "builtins eval": "eval('1 + 1')",
    "builtins exec": "exec('import os')",
    "builtins compile": "compile('1', 'f', 'eval')",
    "open a file": f"open('{CANARY}', 'w').write('x')",
    "globals": "globals()",
    "vars": "vars()",
    "dir": "dir()",
    "type": "type(1)",
    "format string attribute walk": "'{0.__class__}'.format(1)",
    "format with a nested field": "x = 1\nprint(f'{x:{x.__class__}}')",
    "f-string dunder": "x = 1\nprint(f'{x.__class__}')",
    "string method": "'abc'.upper()",
    "generator frame": "g = (i for i in range(3))\ng.gi_frame",
    "class": "class A:\n    pass",
    "import os": "import os",
    "from os import system": "from os import system",
    "import subprocess": "import subprocess",
    "import builtins": "import builtins",
    "from torch import load": "from torch import load",
    "import torch.utils": "import torch.utils",
    "relative import": "from . import x",
    "torch.load": f"import torch\ntorch.load('{CANARY}')",
    "torch.save": f"import torch\ntorch.save(torch.ones(1), '{CANARY}')",
    "torch.from_file": f"import torch\ntorch.from_file('{CANARY}', size=1)",
    "np.load": f"import numpy as np\nnp.load('{CANARY}')",
    "np.save": f"import numpy as np\nnp.save('{CANARY}', 1)",
    "torch.hub": "import torch\ntorch.hub.load('x', 'y')",
    "torch.ops": "import torch\ntorch.ops.aten.add",
    "torch._C": "import torch\ntorch._C",
    "torch.compile": "import torch\nf = torch.compile",
    "torch.jit": "import torch\ntorch.jit.script",
    "torch.utils.data": "import torch\ntorch.utils.data",
    "register_hook": "import torch\nx = torch.ones(1, requires_grad=True)\nx.register_hook(print)",
    "grad_fn register_hook": "import torch\nx = torch.ones(1, requires_grad=True)\n"
                             "(x * 2).grad_fn.register_hook(print)",
    "tensor to file": f"import torch\ntorch.ones(1).numpy().tofile('{CANARY}')",
    "storage": "import torch\ntorch.ones(1).storage()",
    "data_ptr": "import torch\ntorch.ones(1).data_ptr()",
    "set_num_threads": "import torch\ntorch.set_num_threads(64)",
    "nn.Module's subclasses": "import torch.nn as nn\nnn.Module.__subclasses__()",
    "class with two bases": "import torch.nn as nn\nclass A(nn.Module, nn.Module):\n    pass",
    "class of object": "class A(object):\n    pass",
    "metaclass": "import torch.nn as nn\nclass A(nn.Module, metaclass=type):\n    pass",
    "class decorator": "import torch.nn as nn\n@staticmethod\nclass A(nn.Module):\n    pass",
    "dunder method": "import torch.nn as nn\nclass A(nn.Module):\n    def __getattr__(self, n):\n        return 1",
    "dunder method called": "import torch.nn as nn\nclass A(nn.Module):\n    pass\nA().__init__()",
    "__init__ of a layer": "import torch.nn as nn\nnn.Linear(1, 1).__init__(2, 2)",
    "code in a class body": "import torch.nn as nn\nclass A(nn.Module):\n    for i in range(3):\n        pass",
    "class of a plain value": "x = 1\nclass A(x):\n    pass",
    "class of torch.Tensor": "import torch\nclass A(torch.Tensor):\n    pass",
    "saved attribute set": "import torch\nx = torch.ones(1, requires_grad=True)\n(x * 2).grad_fn._saved_self = x",
    "raw saved attribute": "import torch\nx = torch.ones(1, requires_grad=True)\n(x * 2).grad_fn._raw_saved_self",
    "Function called as a class": "import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n"
                                  "    def forward(ctx, x):\n        return x\nF(torch.ones(1))",
    "state_dict": "import torch.nn as nn\nnn.Linear(1, 1).state_dict()",
    "optimizer internals": "import torch\np = [torch.ones(1, requires_grad=True)]\n"
                           "torch.optim.SGD(p, lr=1).param_groups",
    "print to a file": f"print(1, file=open('{CANARY}', 'w'))",
    "walrus": "(x := 1)",
    "global": "global x",
    "await": "await x",
    "bytes": "b'abc'",
    "complex": "1j",
    "underscore name": "_ = 1",
    "underscore attribute": "import torch\ntorch.ones(1)._version",
    "unknown name": "sys",
    "setattr on a module": "import torch.nn as nn\nm = nn.Linear(1, 1)\nm.forward = print",
    "numpy array": "import numpy as np\nimport torch\nnp.exp(torch.ones(1))",
    "null byte": "x = 1\x00",
    "deep brackets": "(" * 100 + "1" + ")" * 100,
    "deep lists": "[" * 100 + "]" * 100,
    "long source": "x = 1\n" * 10_000,
    "syntax error": "x = = 1",
    "with open": f"with open('{CANARY}') as f:\n    pass",
    # what functions, classes, comprehensions and try open
    "underscore parameter": "def f(_x):\n    return _x",
    "dunder def outside a class": "def __init__(self):\n    pass",
    "underscore keyword": "print(1, _x=2)",
    "underscore key spread": "def f(**kw):\n    return kw\nf(**{'__class__': 1})",
    "lambda default walk": "f = lambda x=().__class__: x",
    "return outside a function": "return 1",
    "break outside a loop": "break",
    "yield": "def g():\n    yield 1",
    "await in a def": "async def g():\n    pass",
    "nonlocal": "def f():\n    x = 1\n    def g():\n        nonlocal x\n    return g",
    "a decorator of one's own": "def d(f):\n    return f\n@d\ndef g():\n    pass",
    "exception traceback": "try:\n    1 / 0\nexcept Exception as e:\n    e.__traceback__",
    "exception with_traceback": "try:\n    1 / 0\nexcept Exception as e:\n    e.with_traceback(None)",
    "function globals": "def f():\n    pass\nf.__globals__",
    "function code": "def f():\n    pass\nf.__code__",
    "generator frame of a function": "g = (i for i in range(3))\ng.gi_code",
    "starred assignment": "a, *b = [1, 2, 3]",
    "starred in a list": "x = [*range(3)]",
    "except star": "try:\n    pass\nexcept* ValueError:\n    pass",
    "walrus in a comprehension": "[y := i for i in range(3)]",
    "plt.savefig": f"import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.savefig('{CANARY}')",
    "fig.savefig": f"import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nfig.savefig('{CANARY}')",
    "plt.imread": f"import matplotlib.pyplot as plt\nplt.imread('{CANARY}')",
    "matplotlib.use": "import matplotlib\nmatplotlib.use('Agg')",
    "numpy array to file": f"import torch\na = torch.ones(1).numpy()\na.tofile('{CANARY}')",
}

# name -> source: allowed syntax, stopped by a limit while it runs (each within its time limit)
HEAVY = {
    "huge tensor": "import torch\nx = torch.ones(100000, 100000)",
    "huge tensor from a list": "import torch\nx = torch.tensor([[1.0] * 100000] * 100000)",
    "huge range": "for i in range(10 ** 12):\n    pass",
    "many iterations": "x = 0\nfor i in range(10000):\n    for j in range(10000):\n        x = x + 1",
    "huge power": "x = 10 ** 10 ** 10",
    "huge shift": "x = 1 << 10 ** 8",
    "huge string": "s = 'a' * 10 ** 9",
    "huge list": "s = [0] * 10 ** 9",
    "huge print": "print('x' * 9000)\nfor i in range(100):\n    print('y' * 9000)",
    "huge matmul": "import torch\nx = torch.ones(1000, 1000)\nfor i in range(10):\n    x = x @ x",
    "expand to billions": "import torch\nx = torch.ones(1).expand(10 ** 9)",
    "repeat to billions": "import torch\nx = torch.ones(1000, 1000).repeat(100, 100)",
    "arange to billions": "import torch\nx = torch.arange(10 ** 10)",
    "many tensors alive": "import torch\nxs = []\nfor i in range(1000):\n    xs.append(torch.ones(1000, 100))",
    "while True": "while True:\n    pass",
    "unbounded recursion": "def f(n):\n    return f(n + 1)\nf(0)",
    "mutual recursion": "def f(n):\n    return g(n)\ndef g(n):\n    return f(n)\nf(0)",
    "lambda recursion": "f = lambda n: f(n)\nf(1)",
    "recursion that branches": "def f(n):\n    return 1 if n == 0 else f(n - 1) + f(n - 1)\nprint(f(60))",
    "except swallowing a limit": "def f():\n    try:\n        while True:\n            pass\n    except Exception:\n"
                                 "        print('caught')\n    return 1\nf()\nwhile True:\n    pass",
    "bare except swallowing a limit": "try:\n    x = 10 ** 10 ** 10\nexcept:\n    pass\nwhile True:\n    pass",
    "finally that keeps going": "try:\n    while True:\n        pass\nfinally:\n    while True:\n        pass",
    "comprehension of big lists": "x = [[0] * 10000 for i in range(10000)]",
    "nested comprehension": "x = [i * j for i in range(1000) for j in range(1000)]",
    "dict that grows": "d = {}\nfor i in range(20000):\n    d[i] = i",
    "dict of long strings": "d = {i: 'x' * 10000 for i in range(10000)}",
    "error with a huge message": "raise ValueError('x' * 10 ** 9)",
    "generator over a huge range": "print(sum(x for x in range(10 ** 9)))",
    "tensors made by a function": "import torch\ndef f(n):\n    return [torch.ones(1000, 1000) for i in range(n)]\n"
                                  "xs = f(100)",
    "a module whose forward calls itself": "import torch\nimport torch.nn as nn\nclass M(nn.Module):\n"
                                           "    def forward(self, x):\n        return self(x)\nM()(torch.ones(1))",
    "a backward that returns a huge tensor": "import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n"
                                             "    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n"
                                             "    def backward(ctx, g):\n        return torch.ones(100000, 100000)\n"
                                             "x = torch.ones(1, requires_grad=True)\nF.apply(x).sum().backward()",
    "a backward that loops forever": "import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n"
                                     "    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n"
                                     "    def backward(ctx, g):\n        while True:\n            pass\n"
                                     "x = torch.ones(1, requires_grad=True)\nF.apply(x).sum().backward()",
    "a module made in a loop of its own init": "import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n"
                                               "        super().__init__()\n        self.m = M()\nM()",
    "sorted by a key that recurses": "def k(x):\n    return k(x)\nsorted([1, 2], key=k)",
    "plot a million points": "import torch\nimport matplotlib.pyplot as plt\nx = torch.zeros(1000000)\nplt.plot(x, x)",
    "many figures": "import matplotlib.pyplot as plt\nfor i in range(1000):\n    plt.figure()",
    "a huge subplot grid": "import matplotlib.pyplot as plt\nfig, axs = plt.subplots(1000, 1000)",
    "histogram of a trillion bins": "import torch\nimport matplotlib.pyplot as plt\n"
                                    "plt.hist(torch.ones(3), bins=10 ** 12)",
}  # fmt: skip

# name -> source: each costs more than a limit, which our code works out from the inputs' shapes and sizes before
# the work (these all once ran first: gigabytes allocated, or minutes in one C call, before any check)
COSTLY = {
    "matmul method": "import torch\nx = torch.ones(30000, 2).matmul(torch.ones(2, 40000))",
    "mm method": "import torch\nx = torch.ones(30000, 2).mm(torch.ones(2, 40000))",
    "mm in a loop": "import torch\nx = torch.ones(1000, 1000)\nfor i in range(10000):\n    y = x.mm(x)",
    "exp in a loop": "import torch\nx = torch.ones(1000, 1000)\nfor i in range(3000):\n    y = x.exp()",
    "diag of a long vector": "import torch\nx = torch.diag(torch.ones(30000))",
    "outer of long vectors": "import torch\nx = torch.outer(torch.ones(100000), torch.ones(100000))",
    "index by a long tensor": "import torch\nx = torch.ones(1000, 1000)\n"
                              "y = x[torch.zeros(1000000, dtype=torch.int64)]",
    "index by a long list": "import torch\nx = torch.ones(1000, 1000)\ny = x[[0] * 10000]",
    "F.linear on a million rows": "import torch\nimport torch.nn.functional as F\n"
                                  "y = F.linear(torch.ones(1000000, 1), torch.ones(1000, 1))",
    "nn.Linear on a million rows": "import torch\nimport torch.nn as nn\n"
                                   "y = nn.Linear(1, 1000)(torch.ones(1000000, 1))",
    "Sequential on a million rows": "import torch\nimport torch.nn as nn\n"
                                    "m = nn.Sequential(nn.Linear(1, 1000), nn.ReLU())\ny = m(torch.ones(1000000, 1))",
    "linspace with tensor steps": "import torch\nx = torch.linspace(0, 1, torch.tensor(500000000))",
    "arange with a tensor end": "import torch\nx = torch.arange(torch.tensor(10 ** 10))",
    "zeros with a tensor size": "import torch\nx = torch.zeros(torch.tensor(100000), 100000)",
    "cat of many copies": "import torch\nx = torch.ones(1000)\ny = torch.cat([x] * 10000)",
    "tensor of a long range": "import torch\nx = torch.tensor(range(300000000))",
    "index by a long range": "import torch\nx = torch.ones(3)\ny = x[range(200000000)]",
    "index by a huge range": "import torch\nx = torch.ones(3)\ny = x[range(10 ** 12)]",
    "tensor of aliased nested lists": "import torch\nx = torch.tensor([[[0] * 10000] * 10000] * 10000)",
    "== of aliased nested lists": "a = [[[0] * 10000] * 10000] * 10000\nb = [[[0] * 10000] * 10000] * 10000\n"
                                  "print(a == b)",
    "max of aliased nested lists": "a = [[[0] * 10000] * 10000] * 10000\nb = [[[0] * 10000] * 10000] * 10000\n"
                                   "print(max(a, b))",
    "min of aliased nested lists": "a = [[[0] * 10000] * 10000] * 10000\nb = [[[1] * 10000] * 10000] * 10000\n"
                                   "print(min([a, b]))",
    "slice assignment doubling": "l = [0] * 10\nfor i in range(15):\n    l[0:0] = l",
    "str of a long list": "l = ['x' * 10000] * 10000\nfor i in range(20):\n    s = str(l)",
    "print of a long list": "l = ['x' * 10000] * 10000\nprint(l)",
    "percent width": "s = '%0900000000d' % 1",
    "percent precision": "s = '%.900000000f' % 1.0",
    "f-string of many long parts": "a = 'x' * 10000\nb = f'{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}'",
    "string concatenation": "s = 'a' * 100000 + 'b' * 100000",
    "many lists alive": "l = []\nfor i in range(10000):\n    l.append([0] * 10000)",
    "round to a huge power": "x = round(5, -10 ** 8)",
    "int of a long string": "x = int('9' * 4300)",
    "deeply nested list printed": "a = []\nfor i in range(5000):\n    a = [a]\nprint(a)",
}  # fmt: skip

# name -> (source, what Python prints): these ran until killed, and now run as Python runs them, at once
QUICK = {
    "indexing a huge range": ("x = range(10 ** 8)[5]\nprint(x)", "5\n"),
    "slicing a huge range": ("x = range(10 ** 12)[10:20:5]\nprint(x, len(x))", "range(10, 20, 5) 2\n"),
}

# name -> source: what PyTorch would take as a number or a device is checked as a plain value
WRONG_ARGUMENTS = {
    "meta device": "import torch\nx = torch.ones(3, device='meta', requires_grad=True)\n(x * 2).sum().backward()",
    "meta device of a tensor": "import torch\nx = torch.tensor([1.0], device='meta')",
    "cuda device": "import torch\nx = torch.zeros(2, device='cuda')",
    "another keyword": "import torch\nx = torch.ones(2, pin_memory=True)",
}
