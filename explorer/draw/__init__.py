"""Pure functions from the record to DOT, SVG and Plotly figures (labels, style, layout); no Streamlit."""
