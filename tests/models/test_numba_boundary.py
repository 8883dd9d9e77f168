"""Where numba comes in: only the compiled loops need it, so only stepping loads it.

Importing numba takes about half a second and compiling its kernels seconds on a fresh checkout;
a notebook that only plots Zhang's weights or a Hopfield energy landscape must not pay for that.
"""

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from numba.core.registry import CPUDispatcher

import models.hopfield
import models.ring
from models import _hopfield_kernels, _ring_kernels

ROOT = Path(__file__).resolve().parents[2]


def run_fresh(code: str) -> str:
    """stdout of `code` run in a fresh interpreter from the repository root."""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.mark.parametrize("module", [_hopfield_kernels, _ring_kernels], ids=lambda m: m.__name__)
def test_kernel_modules_hold_only_compiled_loops(module):
    """Anything pure numpy in a kernel module would load numba for nothing."""
    defined = [
        (name, value)
        for name, value in vars(module).items()
        if (inspect.isclass(value) or callable(value))
        and getattr(value, "__module__", None) == module.__name__
    ]
    assert defined, "found no kernels at all: the test looks in the wrong place"
    plain = [name for name, value in defined if not isinstance(value, CPUDispatcher)]
    assert plain == []


@pytest.mark.slow
def test_building_and_measuring_a_ring_imports_no_numba():
    """Zhang's weights, the target bump, rates, weights and energy are numpy; stepping is not."""
    out = run_fresh(
        "import sys\n"
        "from models.ring import RingAttractor, cosine_kernel, target_bump, zhang_kernel\n"
        "zhang_kernel(64), cosine_kernel(64)\n"
        "ring = RingAttractor(64, seed=0)\n"
        "target_bump(ring.angles)\n"
        "ring.rates = ring.rates\n"
        "ring.potentials, ring.weights, ring.weight_profile(), ring.energy(), ring.decode()\n"
        "RingAttractor(64, kernel='cosine').energy()\n"
        "before = 'numba' in sys.modules\n"
        "ring.step(1)\n"
        "print(before, 'numba' in sys.modules)\n"
    )
    assert out == "False True"  # and stepping does load it: the test can see numba arrive


@pytest.mark.slow
def test_hopfield_weights_and_energy_landscape_import_no_numba():
    """Storing with every rule (the Storkey and pseudo-inverse weights are matrix products) and
    the landscape are numpy end to end."""
    out = run_fresh(
        "import sys\n"
        "from models.hopfield import HopfieldNetwork\n"
        "from models.patterns import random_patterns\n"
        "for rule in ('hebbian', 'storkey', 'pseudoinverse'):\n"
        "    net = HopfieldNetwork(100, rule)\n"
        "    net.store(random_patterns(5, 100, seed=1))\n"
        "    net.energy_landscape(0, 1, resolution=21)\n"
        "    net.landscape_state(0, 1, 0.5, 0.2)\n"
        "    net.weights, net.weights_subset([0, 5, 7])\n"
        "before = 'numba' in sys.modules\n"
        "net.overlaps(net.patterns[0])\n"
        "print(before, 'numba' in sys.modules)\n"
    )
    assert out == "False True"


def _gui_warm_up_callers() -> dict[str, set[str]]:
    """Model module -> the hopgui source files (relative paths) that import its warm_up."""
    callers: dict[str, set[str]] = {}
    for path in sorted((ROOT / "hopgui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if any(alias.name == "warm_up" for alias in node.names):
                    relative = path.relative_to(ROOT).as_posix()
                    callers.setdefault(node.module, set()).add(relative)
    return callers


@pytest.mark.parametrize("module", [models.hopfield, models.ring], ids=lambda m: m.__name__)
def test_warm_up_docstrings_name_who_really_calls_them(module):
    """A warm_up docstring names the GUI labs that call it, or says that the GUI does not."""
    doc = " ".join(inspect.getdoc(module.warm_up).split())
    callers = _gui_warm_up_callers().get(module.__name__, set())
    lab_folders = {"/".join(Path(path).parts[:3]) for path in callers}  # hopgui/labs/<lab>
    named = {folder for folder in _lab_folders() if folder in doc}
    assert named == lab_folders
    assert ("GUI does not call it" in doc) == (not callers)


def _lab_folders() -> list[str]:
    labs = ROOT / "hopgui" / "labs"
    return [p.relative_to(ROOT).as_posix() for p in labs.iterdir() if p.is_dir()]
