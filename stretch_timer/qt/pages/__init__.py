"""The app's pages: library, player, summary and the others the main window stacks."""
