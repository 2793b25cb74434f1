"""The Streamlit pages: each collects input, calls `explorer`'s pipeline and lays out the results.

Streamlit lives here and in app.py only; `explorer/` never imports it. (Not named `pages/`: a
folder of that name next to app.py switches Streamlit to its legacy multipage mode, in which
AppTest runs a page file without app.py.)
"""
