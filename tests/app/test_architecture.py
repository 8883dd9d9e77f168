"""The house rules that keep the architecture honest."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_models_import_no_qt():
    """Models are plain numpy: importing them (in a fresh interpreter) loads no Qt module."""
    code = (
        "import sys\n"
        "import models.hopfield, models.patterns, models.ring, models.head_direction\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt5', 'PyQt6'))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_no_qt_import_written_under_models():
    for path in (ROOT / "models").rglob("*.py"):
        text = path.read_text()
        assert "PySide6" not in text and "pyqtgraph" not in text, path
