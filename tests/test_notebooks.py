"""The tutorial notebooks: committed clean, and each runs headless and offline from a copy.

Every notebook is executed with nbclient (kernel ``python3``) in a temporary copy of the
repository's layout, ``<tmp>/work/main/notebooks/``, so nothing is written into the repository;
generated sample files go to a temporary ``$USID_WIDGETS_DATA``. The first notebook runs twice:
with ``<tmp>/work/shared/usid_data`` linked to the real files (when they exist), and without it
(it must then fall back to a generated STEM image).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from usid_widgets import datasets

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SHARED = (ROOT / ".." / "shared" / "usid_data").resolve()
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CELL_TIMEOUT = 120  # seconds per cell

# every tutorial and the dimension names its final state must show
EXPECTED = {
    "01_2d_image_tutorial.ipynb": ["'Y'", "'X'"],
    "02_spectral_image.ipynb": ["'Y'", "'X'", "'Frequency'"],
    "03_4d_stem.ipynb": ["'Y'", "'X'", "'Q_y'", "'Q_x'"],
    "04_nd_complex.ipynb": ["'Y'", "'X'", "'DC_Offset'", "'Field'", "'Frequency'"],
    "05_your_own_data.ipynb": ["'Y'", "'X'"],
    "06_nsid_and_instrument_files.ipynb": ["'x'", "'y'", "'energy'"],
}


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _text(output: dict) -> str:
    if output["output_type"] == "stream":
        return output["text"]
    if output["output_type"] == "error":
        return "\n".join([output["ename"], output["evalue"], *output["traceback"]])
    return output.get("data", {}).get("text/plain", "")


def _all_text(nb) -> str:
    return "\n".join(_text(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_the_tutorials_are_all_there():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_without_outputs_with_python3_kernelspec(name):
    nb = _read(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb.metadata, "saved widget state: strip the notebook"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    # the last cell hands the state over to the student
    assert "w.index" in code[-1].source and "w.image" in code[-1].source


def _layout(tmp_path: Path, with_shared: bool) -> Path:
    """``<tmp>/work/main/notebooks`` (returned) and, optionally, ``<tmp>/work/shared/usid_data``."""
    work = tmp_path / "work"
    nb_dir = work / "main" / "notebooks"
    nb_dir.mkdir(parents=True)
    if with_shared:
        (work / "shared").mkdir()
        (work / "shared" / "usid_data").symlink_to(SHARED, target_is_directory=True)
    return nb_dir


def _execute(name: str, nb_dir: Path) -> nbformat.NotebookNode:
    shutil.copy(NOTEBOOKS / name, nb_dir / name)
    nb = nbformat.read(nb_dir / name, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(nb_dir)}},
    )
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client.execute()  # raises CellExecutionError on the first failing cell
    probe = nb.cells.pop()
    printed = [o["text"] for o in probe.outputs if o["output_type"] == "stream"]
    assert printed, f"the probe printed nothing: {probe.outputs}"
    line = next(x for x in "".join(printed).splitlines() if x.startswith("PROBE "))
    _check_live(nb, json.loads(line[len("PROBE ") :]))
    return nb


#: Run after the last cell, in the same kernel: the widgets still open (closed ones leave
#: ipywidgets' registry) and, for each explorer, whether its contrast is locked.
PROBE = """
import json as _json
import ipywidgets as _ipw
from usid_widgets.widgets.explorer import Explorer as _Explorer
print("PROBE " + _json.dumps({
    key: {"explorer": isinstance(w, _Explorer), "lock_clim": bool(getattr(w, "lock_clim", False))}
    for key, w in list(_ipw.Widget.widgets.items())
}))
"""


def _check_live(nb, live: dict) -> None:
    """After Run All every view the notebook shows is still live, and no explorer ends with
    its contrast locked on a frame it no longer shows (a dark map that reads as no signal)."""
    shown = [
        o["data"][WIDGET_VIEW]["model_id"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if WIDGET_VIEW in o.get("data", {})
    ]
    assert shown, "no widget was displayed"
    closed = [model_id for model_id in shown if model_id not in live]
    assert not closed, f"{len(closed)} of {len(shown)} views shown are closed at the end"
    explorers = [live[m] for m in shown if live[m]["explorer"]]
    assert explorers, "no explorer among the views shown"
    assert not [e for e in explorers if e["lock_clim"]], "an explorer ends with locked contrast"


def _check_run(nb, expected_dims: list[str]) -> str:
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o["output_type"] == "error"]
    stderr = [o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
    assert not stderr, f"the notebook wrote to stderr: {stderr}"
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs), "no widget was displayed"
    last = nb.cells[-1]
    assert last.cell_type == "code"
    text = "\n".join(_text(o) for o in last.outputs)
    assert "w.index = {" in text
    index_line = next(line for line in text.splitlines() if line.startswith("w.index = {"))
    for dim in expected_dims:
        assert f"{dim}: " in index_line, f"{dim} missing from {index_line!r}"
    assert "w.image: ndarray" in text
    results = [o for o in last.outputs if o["output_type"] == "execute_result"]
    assert results and results[-1]["data"]["text/plain"].startswith("array(")
    return _all_text(nb)


@pytest.fixture
def data_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(datasets.ENV_DATA_DIR, str(folder))  # the kernel inherits it
    return folder


def _repo_snapshot() -> dict[str, int]:
    return {str(p.relative_to(ROOT)): p.stat().st_mtime_ns for p in NOTEBOOKS.rglob("*")}


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - {"01_2d_image_tutorial.ipynb"}))
def test_notebook_runs_and_ends_with_the_state(name, tmp_path, data_folder):
    before = _repo_snapshot()
    nb = _execute(name, _layout(tmp_path, with_shared=False))
    _check_run(nb, EXPECTED[name])
    assert list(data_folder.glob("*.h5")), "the sample data did not go to $USID_WIDGETS_DATA"
    assert _repo_snapshot() == before, "running the notebook changed files in notebooks/"


def test_2d_image_tutorial_with_the_published_file(tmp_path, data_folder):
    if not (SHARED / "simulated_STEM_Image.h5").is_file():
        pytest.skip(f"simulated_STEM_Image.h5 not found in {SHARED}")
    nb = _execute("01_2d_image_tutorial.ipynb", _layout(tmp_path, with_shared=True))
    text = _check_run(nb, EXPECTED["01_2d_image_tutorial.ipynb"] + ["'None'"])
    assert "Using the published file" in text
    assert "labels ['X', 'Y']" in text  # the old writer's order, fastest first
    assert "N-d shape: (256, 256, 1)" in text
    if "identical to" in text:  # Pillow installed: the h5 image equals its TIF
        assert "identical to simulated_STEM_Image.tif : True" in text
    assert not list(data_folder.glob("*.h5")), "generated a file although the real one exists"


def test_2d_image_tutorial_offline_without_the_published_file(tmp_path, data_folder):
    if any((p / "shared" / "usid_data").is_dir() for p in tmp_path.resolve().parents):
        pytest.skip("a shared/usid_data folder lies above the temporary folder")
    before = _repo_snapshot()
    nb = _execute("01_2d_image_tutorial.ipynb", _layout(tmp_path, with_shared=False))
    text = _check_run(nb, EXPECTED["01_2d_image_tutorial.ipynb"] + ["'arb'"])
    assert "using a simulated STEM image" in text
    # the lattice measured with the line profile: within a pixel of the generator's 0.3905 nm
    line = next(x for x in text.splitlines() if x.startswith("lattice spacing measured: "))
    assert abs(float(line.split()[3]) - 0.3905) < 0.025, line
    assert "labels ['Y', 'X']" in text  # the current writer's order, slowest first
    assert "N-d shape: (256, 256, 1)" in text
    assert list(data_folder.glob("stem_image*.h5"))
    assert _repo_snapshot() == before
