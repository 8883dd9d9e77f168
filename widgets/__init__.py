"""Qt widgets of hopgui: each draws one thing and emits what the user did. No physics here."""
