"""Share links: every setting of a page as URL query parameters, and back, checked like typed input.

    ?formula=(x%2B2y)^2&x=1&y=2&y.grad=0&dtype=float64&x.from=-3&x.to=7&view=curve&lang=ja

Each page declares its settings once (`pages.py`: `FORMULA_PAGE`, `LAB_PAGE`, `CODE_PAGE`): the
parameter's name, the session-state key of the widget that holds it, and its kind (`setting.py`, with the
snippet's codec). `links.read` turns a link into widget values and names every parameter it could not use,
in the same words as a typed mistake; `links.write` turns the widgets' values into a link, leaving defaults
out. Pure functions of plain data: the page (ui/links.py) does the Streamlit part.
"""
