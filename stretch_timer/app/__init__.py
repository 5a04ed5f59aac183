"""The app layer: the services a running app has (settings, library, runs, commands, single instance) and the
signals that announce their changes. QtCore only, no widgets, so the views (window, tray, editor, history) can
subscribe to it and a second launch can talk to it without loading any of them."""
