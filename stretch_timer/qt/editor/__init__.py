"""The routine editor: a routine's fields, its steps and the dialogs that add to them."""
