"""The views: the main window, its pages and widgets, the themes. They show the app context and act through it."""
