"""autodiff-explorer: type a formula, see the autograd graph PyTorch builds for it.

`streamlit run app.py` in a clone. The app itself is ui/main.py (the installed `autodiff-explorer`
command runs that file directly).
"""

from ui.main import main

main()
