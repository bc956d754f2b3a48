"""The picture of a view in the kernel (issue 17, "Export: Figure"): ``w.to_matplotlib()``,
``w.save(path)`` without a browser (matplotlib, or an error naming the extra), the browser's
answer to ``save`` (written when its bytes arrive), and that ``import usid_widgets`` never
imports matplotlib."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from usid_widgets import datasets, explorer
from usid_widgets.model import snapshot
from usid_widgets.model.picture import ImagePanel, PlotPanel
from usid_widgets.widgets import picture

matplotlib = pytest.importorskip("matplotlib")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def be_file(tmp_path_factory):
    return datasets.band_excitation(tmp_path_factory.mktemp("be") / "be.h5", size=8)


def _png_size(path) -> tuple[int, int]:
    data = Path(path).read_bytes()
    assert data[:8] == snapshot.PNG_SIGNATURE
    return picture.png_size(data)


def test_to_matplotlib_shows_the_image_with_the_browsers_colours(be_file):
    w = explorer(be_file, colormap="magma", reverse_colormap=True)
    w.clim = [10.0, 60.0]
    fig = w.to_matplotlib()
    image_ax, plot_ax = fig.axes[0], fig.axes[1]
    im = image_ax.images[0]
    # the same data, the browser's limits and colormap table (reversed)
    np.testing.assert_array_equal(np.asarray(im.get_array()), w.image.astype(np.float64))
    assert im.get_clim() == (10.0, 60.0)
    lut = np.round(im.get_cmap()(np.arange(256))[:, :3] * 255).astype(np.uint8)
    np.testing.assert_array_equal(lut, snapshot.colormap_lut("magma", reverse=True))
    # each value gets the browser's entry floor(256 t)
    rgba = im.to_rgba(np.asarray(im.get_array()), bytes=True)[..., :3]
    idx = snapshot.color_indices(w.image, 10.0, 60.0, "linear")
    np.testing.assert_array_equal(rgba, snapshot.colormap_lut("magma", True)[idx])
    # labels and title as on screen
    assert image_ax.get_title() == w.heatmap.title
    assert image_ax.get_xlabel() == "X (µm)" and image_ax.get_ylabel() == "Y (µm)"
    assert plot_ax.get_xlabel() == w.plot.x_axis.label
    assert plot_ax.get_ylabel() == w.plot.y_axis.label
    assert plot_ax.get_title() == w.plot.title
    line = plot_ax.lines[0]
    np.testing.assert_allclose(line.get_ydata(), np.asarray(w.plot.line.y))
    colorbar_ax = fig.axes[2]
    assert colorbar_ax.get_ylabel() == f"{w.heatmap.quantity} (pm)"


@pytest.mark.parametrize("scale", ["log", "symlog"])
def test_to_matplotlib_scales_colour_as_the_browser(be_file, scale):
    w = explorer(be_file, scale=scale)
    im = w.to_matplotlib().axes[0].images[0]
    panel = picture.heatmap_panel(w.heatmap)
    rgba = im.to_rgba(np.asarray(im.get_array()), bytes=True)[..., :3]
    idx = snapshot.color_indices(w.image, panel.lo, panel.hi, scale)
    expected = snapshot.colormap_lut("viridis")[np.clip(idx, 0, 255)]
    np.testing.assert_array_equal(rgba[idx >= 0], expected[idx >= 0])


def test_the_zoomed_window_at_full_resolution(be_file):
    w = explorer(be_file)
    w.zoom = {"Y": (2, 6), "X": (1, 5)}
    panel = picture.heatmap_panel(w.heatmap)
    assert isinstance(panel, ImagePanel)
    np.testing.assert_array_equal(panel.values, w.image[2:6, 1:5])
    im = w.to_matplotlib().axes[0].images[0]
    assert np.asarray(im.get_array()).shape == (4, 4)


def test_plot_panel_has_a_place_for_more_lines(be_file):
    """Other lines on the plot (pins, profiles) join the figure with their label and colour."""
    import bqplot

    w = explorer(be_file)
    extra = bqplot.Lines(
        x=np.asarray(w.plot.line.x), y=np.asarray(w.plot.line.y) / 2,
        scales={"x": w.plot.x_scale, "y": w.plot.y_scale}, colors=["#ff7f0e"],
        labels=["pin (1, 2)"], display_legend=True,
    )
    w.plot.figure.marks = [*w.plot.figure.marks, extra]
    panel = picture.plot_panel(w.plot)
    assert isinstance(panel, PlotPanel)
    assert [line.label for line in panel.lines] == ["", "pin (1, 2)"]
    assert panel.lines[1].color == "#ff7f0e"
    ax = w.to_matplotlib().axes[1]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["pin (1, 2)"]


def test_save_without_a_browser_writes_matplotlibs_png(be_file, tmp_path):
    w = explorer(be_file)
    saved = w.save(tmp_path / "view.png")
    assert saved.done and saved.source == "matplotlib" and saved.error is None
    width, height = _png_size(tmp_path / "view.png")
    assert width > 600 and height > 300
    assert "written (matplotlib" in repr(saved)


def test_save_asks_the_live_browser_and_writes_its_bytes_when_they_arrive(be_file, tmp_path):
    w = explorer(be_file)
    sent = []
    w.heatmap.send = lambda content, buffers=None: sent.append(content)
    hm = w.heatmap
    # a view opens in the browser: it says so
    hm._handle_custom_msg({"type": "view", "open": True}, [])
    saved = w.save(tmp_path / "browser.png")
    assert sent and sent[-1]["type"] == "picture" and sent[-1]["scale"] == 2
    assert not saved.done and not (tmp_path / "browser.png").exists()
    assert "written when its picture arrives" in repr(saved)
    png = snapshot.encode_png(np.zeros((6, 10, 3), dtype=np.uint8))
    hm._handle_custom_msg({"type": "picture", "request": sent[-1]["request"]}, [memoryview(png)])
    assert saved.done and saved.size == (10, 6)
    assert (tmp_path / "browser.png").read_bytes() == png
    # a second view answering the same request changes nothing
    hm._handle_custom_msg({"type": "picture", "request": sent[-1]["request"]}, [b"x"])
    assert (tmp_path / "browser.png").read_bytes() == png
    # the browser could not draw it (nothing on screen): matplotlib draws it instead
    other = w.save(tmp_path / "other.png")
    hm._handle_custom_msg({"type": "picture", "request": sent[-1]["request"], "error": "boom"}, [])
    assert other.done and other.source == "matplotlib" and _png_size(tmp_path / "other.png")
    # ... and when matplotlib cannot either, the result says both
    w.browser_pictures.fallback = lambda path: (_ for _ in ()).throw(ImportError("no matplotlib"))
    failed = w.save(tmp_path / "failed.png")
    hm._handle_custom_msg({"type": "picture", "request": sent[-1]["request"], "error": "boom"}, [])
    assert not failed.done and "boom" in failed.error and "no matplotlib" in failed.error
    assert "not written" in repr(failed) and not (tmp_path / "failed.png").exists()
    # out of the views (another dataset's plot only, say): matplotlib draws it
    w.views.children = [c for c in w.views.children if c is not hm]
    assert w.save(tmp_path / "again.png").source == "matplotlib"


def test_a_request_no_browser_answers_falls_back_to_matplotlib(be_file, tmp_path, monkeypatch):
    monkeypatch.setattr(picture, "BROWSER_TIMEOUT_S", 0.01)
    w = explorer(be_file)
    w.heatmap.send = lambda content, buffers=None: None
    w.heatmap._handle_custom_msg({"type": "view", "open": True}, [])
    saved = w.save(tmp_path / "late.png")
    deadline = time.monotonic() + 10
    while not saved.done and time.monotonic() < deadline:  # the timer's thread writes it
        time.sleep(0.01)
    assert saved.done and saved.source == "matplotlib"
    assert _png_size(tmp_path / "late.png")[0] > 0


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
    )


def test_import_does_not_import_matplotlib():
    res = _run("""
        import sys
        import usid_widgets
        from usid_widgets import explorer, figures
        assert "matplotlib" not in sys.modules, sorted(m for m in sys.modules if "matplotlib" in m)
        print("ok")
    """)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr


def test_without_matplotlib_save_names_the_extra(tmp_path):
    res = _run(f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "matplotlib" or name.startswith("matplotlib."):
                    raise ImportError("blocked for the test")
        sys.meta_path.insert(0, Block())
        from usid_widgets import datasets, explorer
        w = explorer(datasets.band_excitation({str(tmp_path / "b.h5")!r}, size=4))
        for call in (lambda: w.save({str(tmp_path / "v.png")!r}), w.to_matplotlib):
            try:
                call()
            except ImportError as exc:
                print(exc)
            else:
                print("no error")
    """)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 2, res.stdout
    for line in lines:
        assert 'pip install "usid_widgets[figures]"' in line, line
    assert not (tmp_path / "v.png").exists()


def test_pins_join_the_figure_in_their_colours(be_file):
    """The pins' lines (named as in the legend) and their markers on the map, in the pins'
    colours; the spectrum of the selected position drawn over them."""
    w = explorer(be_file)
    w.pins = [{"Y": 1, "X": 2}, {"Y": 4, "X": 5}]
    pins = w.heatmap.pins
    fig = w.to_matplotlib()
    image_ax, plot_ax = fig.axes[0], fig.axes[1]
    named = [line for line in plot_ax.lines if not line.get_label().startswith("_")]
    assert [line.get_label() for line in named] == [p["label"] for p in pins]
    assert [matplotlib.colors.to_hex(line.get_color()) for line in named] == [
        p["color"] for p in pins
    ]
    assert [t.get_text() for t in plot_ax.get_legend().get_texts()] == [p["label"] for p in pins]
    rings = [line for line in image_ax.lines if line.get_marker() == "o"]
    assert [matplotlib.colors.to_hex(r.get_markeredgecolor()) for r in rings] == [
        p["color"] for p in pins
    ]
    # the ring of pin 1 sits on the centre of cell (row 1, col 2) in the axes' units
    panel = picture.heatmap_panel(w.heatmap)
    left, right, bottom, top = panel.extent
    cx = left + (right - left) * 2.5 / panel.values.shape[1]
    cy = top + (bottom - top) * 1.5 / panel.values.shape[0]
    np.testing.assert_allclose([rings[0].get_xdata()[0], rings[0].get_ydata()[0]], [cx, cy])
    # the spectrum is drawn last, over the pins' lines
    np.testing.assert_allclose(plot_ax.lines[len(pins)].get_ydata(), np.asarray(w.plot.line.y))


def test_a_line_profile_joins_the_figure(be_file):
    """The profile plot (``w.line``) is a panel of its own, after the spectrum, with its
    axis labels; the browser's picture holds its bqplot figure too."""
    w = explorer(be_file)
    w.line = ((0.5, 0.5), (6.5, 6.5))
    fig = w.to_matplotlib()
    titles = [ax.get_title() for ax in fig.axes]
    assert w.profile_plot.title in titles
    ax = fig.axes[titles.index(w.profile_plot.title)]
    assert ax.get_xlabel() == w.profile_plot.x_axis.label
    np.testing.assert_allclose(ax.lines[0].get_ydata(), np.asarray(w.profile_plot.line.y))
    assert w.profile_plot.figure.model_id in w.heatmap.picture_figures
    assert w.plot.figure.model_id in w.heatmap.picture_figures
