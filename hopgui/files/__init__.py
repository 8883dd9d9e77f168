"""Keeping and sharing what hopgui shows: session files (`.hopgui`), autosave and recovery,
export of every panel (PNG, SVG, CSV) and recording (MP4, GIF). Built on the labs' `state()` /
`restore()` and on their widgets; knows no lab by name."""
