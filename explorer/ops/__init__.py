"""Serving and launching the app: the installed command, start-up, several processes behind nginx,
and a client of Streamlit's websocket protocol that visits them."""
