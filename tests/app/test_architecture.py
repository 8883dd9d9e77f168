"""The house rules that keep the architecture honest. Modules are found by walking the folders,
so a new lab or model is checked without anyone listing it here."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6")
LABS_DIR = ROOT / "hopgui" / "labs"


def imports_of(path: Path) -> set[str]:
    """Every module name a file imports (absolute names; relative imports resolved)."""
    tree = ast.parse(path.read_text(), str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def modules(folder: str, pattern: str = "*.py") -> list[Path]:
    found = sorted((ROOT / folder).rglob(pattern))
    assert found, f"no modules under {folder}"
    return found


def offending(paths: list[Path], forbidden) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in paths
        for name in sorted(imports_of(path))
        if forbidden(path, name)
    ]


def top(name: str) -> str:
    return name.split(".")[0]


def lab_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[2] if parts[:2] == ["hopgui", "labs"] and len(parts) > 2 else None


def test_models_import_no_qt_and_nothing_of_the_app():
    bad = offending(modules("models"), lambda _p, n: top(n) in (*QT, "hopgui", "widgets"))
    assert bad == []


def test_sessions_and_the_core_model_side_import_no_qt():
    paths = [*modules("hopgui/labs", "session*.py")]
    paths += [ROOT / "hopgui/core/session.py", ROOT / "hopgui/core/params.py"]
    assert len(paths) >= 5
    assert offending(paths, lambda _p, n: top(n) in QT) == []


def test_widgets_import_nothing_of_the_app_or_the_models():
    assert offending(modules("widgets"), lambda _p, n: top(n) in ("hopgui", "models")) == []


def test_no_lab_imports_a_sibling_lab():
    def sibling(path, name):
        own = path.relative_to(LABS_DIR).parts[0]
        other = lab_of(name)
        return other is not None and other != own and not other.startswith("__")

    paths = [p for p in modules("hopgui/labs") if p.parent != LABS_DIR]
    assert offending(paths, sibling) == []


def test_the_core_imports_no_lab():
    bad = offending(modules("hopgui/core"), lambda _p, n: n.startswith("hopgui.labs"))
    assert bad == []


def test_every_lab_package_is_listed_once():
    from hopgui.labs import LABS

    folders = sorted(p.name for p in LABS_DIR.iterdir() if (p / "lab.py").exists())
    assert sorted(LABS) == folders
    assert all(lab.name == name for name, lab in LABS.items())


def loaded_qt(imports: list[str]) -> str:
    """The Qt modules a fresh interpreter has loaded after importing `imports`."""
    code = (
        "import importlib, sys\n"
        f"for name in {imports!r}: importlib.import_module(name)\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.mark.slow
def test_a_session_loads_no_qt_in_a_fresh_interpreter():
    """A notebook can import every lab's session (and the lab list) without Qt."""
    sessions = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in modules("hopgui/labs", "session.py")
    ]
    assert loaded_qt(["hopgui.labs", *sessions]) == ""


@pytest.mark.slow
def test_models_load_no_qt_in_a_fresh_interpreter():
    """Importing every model (found by walking the folder) loads no Qt module."""
    names = [f"models.{p.stem}" for p in modules("models") if not p.stem.startswith("__")]
    assert loaded_qt(names) == ""
