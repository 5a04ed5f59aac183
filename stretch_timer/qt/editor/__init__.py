"""The routine editor: the editor page, its step list and forms, and the stretch picker."""
