"""The Qt shell: app, main window, pages, widgets and the session driver."""
