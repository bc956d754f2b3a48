"""The picture of a view (issue 17, "Export: Figure") in a real browser, JupyterLab and
Notebook 7.

"Save image" downloads a PNG twice the CSS size of the explorer's views (the map with its
title, axes and colorbar, and the bqplot plot); its pixels are compared with the screen: the
image's cells with the canvas' own pixels, the colorbar with its canvas, the axis labels and
the title with a screenshot of the same regions, the plot with bqplot's line colour.
``w.save(path)`` from the kernel writes the same picture (the browser draws it and sends the
bytes back after the cell). "Copy image" says whether the browser allowed it. Screenshots at
1024 x 768 and 1600 x 1000, light and dark, and the PNGs are kept for a person to look at.
"""

from __future__ import annotations

import base64
import io
import json
import shutil

import numpy as np
import pytest
from PIL import Image

from .harness import REPO_ROOT, artifact_dir, set_theme

pytestmark = pytest.mark.e2e

HEATMAP = ".usidw-heatmap"

SETUP = """
import numpy as np, h5py, json, uuid
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

rng = np.random.default_rng(3)
data = (rng.random((12, 16, 40)) * 5e-9).astype(np.float32)
data[0, :2] = np.nan  # two cells with nothing measured: checkered, as on screen
name = f"fig-{uuid.uuid4().hex[:8]}.h5"
with h5py.File(name, "w") as f:
    write_main(
        f.create_group("Measurement_000/Channel_000"), "Raw_Data", data,
        [Dimension("Y", "nm", np.arange(12) * 250.0), Dimension("X", "nm", np.arange(16) * 250.0)],
        [Dimension("Frequency", "kHz", np.linspace(300, 340, 40))],
        quantity="Amplitude", units="m",
    )
w = explorer(name, colormap="magma")
w
"""

#: the union of the parts of the picture, as picture.js measures it (whole CSS px, outward)
BOX_JS = """() => {
  const views = document.querySelector(".usidw-views");
  const els = [...views.querySelectorAll(".usidw-heatmap > .usidw-plot, .bqplot.usidw-plot-figure")]
    .filter((e) => e.getClientRects().length);
  const texts = els.flatMap((e) => e.matches(".bqplot") ? [] : [...e.querySelectorAll("text")])
    .filter((t) => t.getClientRects().length);
  const legends = [...document.querySelectorAll(".usidw-legend .usidw-legend-list")]
    .filter((e) => e.getClientRects().length);
  const rs = [...els, ...texts, ...legends].map((e) => e.getBoundingClientRect());
  return {
    left: Math.floor(Math.min(...rs.map((r) => r.left))),
    top: Math.floor(Math.min(...rs.map((r) => r.top))),
    right: Math.ceil(Math.max(...rs.map((r) => r.right))),
    bottom: Math.ceil(Math.max(...rs.map((r) => r.bottom))),
    parts: els.length,
  };
}"""

RECT_JS = """(sel) => {
  const r = document.querySelector(sel).getBoundingClientRect();
  return {left: r.left, top: r.top, width: r.width, height: r.height};
}"""

PIXELS_JS = """(sel) => {
  const c = document.querySelector(sel);
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  return {w: c.width, h: c.height, data: Array.from(d)};
}"""


def _rgb(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def _wait_ready(page) -> None:
    page.wait_for_function(
        """(sel) => {
          const el = document.querySelector(sel);
          // bqplot lays its axes out after the figure appears: wait for their tick labels
          const ticks = document.querySelectorAll(".bqplot.usidw-plot-figure .axis .tick text");
          return el && el.getAttribute("data-mode") === "grid" && !!el.getAttribute("data-clim")
            && ticks.length > 4;
        }""",
        arg=HEATMAP,
    )


def _download(page) -> bytes:
    with page.expect_download() as info:
        page.locator(HEATMAP).first.get_by_role("button", name="Save image").click()
    return open(info.value.path(), "rb").read()


def _region(rgb: np.ndarray, rect: dict, box: dict, scale: int = 2) -> np.ndarray:
    x0 = round((rect["left"] - box["left"]) * scale)
    y0 = round((rect["top"] - box["top"]) * scale)
    return rgb[y0 : y0 + round(rect["height"] * scale), x0 : x0 + round(rect["width"] * scale)]


def _half(region: np.ndarray) -> np.ndarray:
    """A 2x region at screen resolution (mean of 2 x 2 blocks)."""
    h, w = region.shape[0] // 2 * 2, region.shape[1] // 2 * 2
    r = region[:h, :w].astype(np.float64)
    return (r[0::2, 0::2] + r[1::2, 0::2] + r[0::2, 1::2] + r[1::2, 1::2]) / 4


TEXTS = (
    f"{HEATMAP} .usidw-xaxis .usidw-axis-label",
    f"{HEATMAP} .usidw-yaxis .usidw-axis-label",
    f"{HEATMAP} .usidw-cbar-label",
    f"{HEATMAP} .usidw-title",
)


def _screen(page) -> dict:
    """What is on screen, measured before the picture is asked for (the button's note then
    shows over the map): the box, the canvases' pixels and rects, text screenshots."""
    # the views whole in the viewport, for the screenshots of their parts
    page.evaluate("() => document.querySelector('.usidw-views').scrollIntoView({block: 'center'})")
    screen = {
        "box": page.evaluate(BOX_JS),
        "canvas": page.evaluate(PIXELS_JS, f"{HEATMAP} canvas.usidw-image"),
        "crect": page.evaluate(RECT_JS, f"{HEATMAP} canvas.usidw-image"),
        "bar": page.evaluate(PIXELS_JS, f"{HEATMAP} canvas.usidw-cbar-canvas"),
        "brect": page.evaluate(RECT_JS, f"{HEATMAP} canvas.usidw-cbar-canvas"),
        "frect": page.evaluate(RECT_JS, ".bqplot.usidw-plot-figure"),
        "texts": [],
    }
    c = screen["crect"]
    nan = {"left": c["left"], "top": c["top"], "height": c["height"] / 12,
           "width": 2 * c["width"] / 16}  # the two NaN cells
    clip = {"x": nan["left"], "y": nan["top"], "width": nan["width"], "height": nan["height"]}
    screen["nan"] = (nan, _rgb(page.screenshot(clip=clip)))
    for sel in TEXTS:
        # each text in the middle of the viewport (stacked views can be taller than it, and
        # the notebook's toolbar covers the top): its rect and the box measured together
        page.evaluate("(sel) => document.querySelector(sel).scrollIntoView({block: 'center'})", sel)
        rect, now = page.evaluate(RECT_JS, sel), page.evaluate(BOX_JS)
        clip = {"x": rect["left"], "y": rect["top"]}
        clip.update(width=rect["width"], height=rect["height"])
        screen["texts"].append((sel, rect, now, _rgb(page.screenshot(clip=clip))))
    return screen


def _check_picture(screen: dict, png: bytes, crops=None) -> np.ndarray:
    """Size, image cells, colorbar, labels and plot of the picture against the screen."""
    box = screen["box"]
    assert box["parts"] == 2, box  # the map and the plot
    rgb = _rgb(png)
    assert rgb.shape[1] == 2 * (box["right"] - box["left"]), (rgb.shape, box)
    assert rgb.shape[0] == 2 * (box["bottom"] - box["top"]), (rgb.shape, box)

    # The image: each cell's centre has the canvas' own colour (one canvas pixel per cell).
    canvas, crect = screen["canvas"], screen["crect"]
    px = np.array(canvas["data"], dtype=np.int16).reshape(canvas["h"], canvas["w"], 4)[..., :3]
    image = _region(rgb, crect, box)
    rows = (np.arange(canvas["h"]) + 0.5) / canvas["h"] * image.shape[0]
    cols = (np.arange(canvas["w"]) + 0.5) / canvas["w"] * image.shape[1]
    sampled = image[rows.astype(int)[:, None], cols.astype(int)[None, :]]
    same = np.all(np.abs(sampled - px) <= 1, axis=-1)
    # the crosshair over the selected cell covers its row and column of cells at most
    assert same.mean() >= 0.8, f"{same.mean():.2f} of the cells have the canvas' colour"

    # NaN cells: the checkered background of the screen, not the page's background
    rect, shot = screen["nan"]
    mine = _half(_region(rgb, rect, box))
    h, w = min(shot.shape[0], mine.shape[0]) - 1, min(shot.shape[1], mine.shape[1]) - 1
    shot, mine = shot[1:h, 1:w].astype(float), mine[1:h, 1:w]  # clear of the outline
    assert shot.std() > 2 and mine.std() > 2, "two colours of checks"
    assert np.abs(shot - mine).mean() < 12, np.abs(shot - mine).mean()

    # The colorbar: the gradient down its middle follows its canvas (256 entries, top = high).
    bar, brect = screen["bar"], screen["brect"]
    lut = np.array(bar["data"], dtype=np.int16).reshape(bar["h"], 4)[:, :3]
    strip = _region(rgb, brect, box)
    col = strip[4:-4, strip.shape[1] // 2]  # clear of the outline
    entries = ((np.arange(col.shape[0]) + 4 + 0.5) / strip.shape[0] * 256).astype(int).clip(0, 255)
    err = np.abs(col - lut[entries]).max(axis=-1)
    assert np.median(err) <= 8 and err.max() <= 40, (np.median(err), err.max())

    # Text: the axis labels, the colorbar's label and the title look as on screen.
    for sel, rect, now, shot in screen["texts"]:
        mine = _half(_region(rgb, rect, now))
        h, w = min(shot.shape[0], mine.shape[0]), min(shot.shape[1], mine.shape[1])
        grey_shot, grey_mine = shot[:h, :w].mean(axis=-1), mine[:h, :w].mean(axis=-1)
        ink_shot = np.abs(grey_shot - np.median(grey_shot)) > 40
        ink_mine = np.abs(grey_mine - np.median(grey_mine)) > 40
        inks = (int(ink_shot.sum()), int(ink_mine.sum()))
        assert min(inks) > 10, (sel, rect, inks)
        overlap = (ink_shot & ink_mine).sum() / max(ink_shot.sum(), 1)
        assert overlap >= 0.5, f"{sel}: {overlap:.2f} of the text's ink at the same place"
        diff = np.abs(grey_shot - grey_mine).mean()
        if crops is not None:  # for a person to compare
            name = sel.split()[-1].strip(".")
            both = np.concatenate([np.repeat(np.repeat(grey_shot, 4, 0), 4, 1),
                                   np.repeat(np.repeat(grey_mine, 4, 0), 4, 1)], axis=1)
            Image.fromarray(both.clip(0, 255).astype(np.uint8)).save(crops / f"{name}.png")
        # glyphs drawn at 2x and averaged down land up to half a pixel off the screen's: a
        # narrow rotated label (14 px) then differs by ~31 grey levels on average; a text
        # missing or misplaced by a few pixels differs by far more, and fails the overlap above
        assert diff < 40, (sel, diff)

    # The plot: bqplot's line (its first colour) is in the figure's region.
    fig = _region(rgb, screen["frect"], box)
    blue = np.all(np.abs(fig - np.array([31, 119, 180])) <= 30, axis=-1)
    assert blue.sum() > 50, blue.sum()
    return rgb


def test_save_image_matches_the_screen_and_w_save_writes_it(
    open_notebook, page, page_errors, jupyter, test_name
):
    session = open_notebook([SETUP])
    session.run_all()
    _wait_ready(page)
    # the kernel runs this worktree's package
    where = session.execute("import usid_widgets; print(usid_widgets.__file__)").strip()
    assert where.startswith(str(REPO_ROOT)), where
    out = artifact_dir(test_name)

    screen = _screen(page)
    png = _download(page)
    (out / "download.png").write_bytes(png)
    rgb = _check_picture(screen, png, out)

    # From the kernel: the browser draws the same picture, written after the cell.
    session.execute("saved = w.save('kernel-view.png')")
    session.wait_for_kernel("saved.done", "True")
    assert "written (browser" in session.execute("print(repr(saved))")
    data = session.execute(
        "import base64; print(base64.b64encode(open('kernel-view.png', 'rb').read()).decode())"
    )
    kernel_png = base64.b64decode(data.strip())
    (out / "kernel-save.png").write_bytes(kernel_png)
    assert np.array_equal(_rgb(kernel_png), rgb)

    # "Copy image": copied, or a sentence saying why not.
    page.locator(HEATMAP).first.get_by_role("button", name="Copy image").click()
    note = page.locator(f"{HEATMAP} .usidw-note")
    page.wait_for_function(
        "(sel) => /cop/i.test(document.querySelector(sel)?.textContent ?? '')",
        arg=f"{HEATMAP} .usidw-note",
    )
    assert note.is_visible()
    text = note.text_content()
    assert text == "Image copied" or "copy" in text.lower(), text
    (out / "copy-note.txt").write_text(text)
    page_errors.assert_clean()


@pytest.mark.parametrize("size", [(1024, 768), (1600, 1000)])
@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_picture_in_both_themes_and_sizes(open_notebook, page, page_errors, test_name, size, theme):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    session = open_notebook([SETUP])
    session.run_all()
    set_theme(page, theme)
    _wait_ready(page)
    out = artifact_dir(test_name)
    page.locator(HEATMAP).first.scroll_into_view_if_needed()
    page.screenshot(path=str(out / "screen.png"))
    screen = _screen(page)
    png = _download(page)
    (out / "download.png").write_bytes(png)
    rgb = _check_picture(screen, png, out)
    # the picture's background is the theme's: dark in the dark theme
    corner = rgb[2, -2].mean()
    assert (corner < 100) if theme.endswith("Dark") else (corner > 200), corner
    shutil.copy(out / "download.png", out / f"picture-{size[0]}x{size[1]}.png")
    page_errors.assert_clean()


def _hex(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])


def test_pins_markers_and_legend_are_in_the_picture(open_notebook, page, page_errors, test_name):
    session = open_notebook([SETUP])
    session.run_all()
    _wait_ready(page)
    session.execute("w.pins = [{'Y': 3, 'X': 4}, {'Y': 8, 'X': 11}]")
    page.wait_for_function(
        "() => document.querySelector('.usidw-legend')?.getAttribute('data-pins') === '2'"
        " && document.querySelectorAll('.usidw-heatmap g.usidw-pin').length === 2"
    )
    colors = json.loads(session.execute("print(json.dumps([p['color'] for p in w.heatmap.pins]))"))
    page.evaluate("() => document.querySelector('.usidw-views').scrollIntoView({block: 'center'})")
    box = page.evaluate(BOX_JS)
    marks = [page.evaluate(RECT_JS, f".usidw-heatmap g.usidw-pin[data-pin='{i}']") for i in (0, 1)]
    swatches = page.evaluate(
        "() => [...document.querySelectorAll('.usidw-legend .usidw-swatch')].map((e) => {"
        " const r = e.getBoundingClientRect();"
        " return {left: r.left, top: r.top, width: r.width, height: r.height}; })"
    )
    label = page.evaluate(RECT_JS, ".usidw-legend .usidw-legend-label")
    clip = {"x": label["left"], "y": label["top"], "width": label["width"],
            "height": label["height"]}
    shot = _rgb(page.screenshot(clip=clip)).mean(axis=-1)
    png = _download(page)
    out = artifact_dir(test_name)
    (out / "download.png").write_bytes(png)
    rgb = _rgb(png)
    # the legend is in the picture, under the plot
    assert rgb.shape[0] == 2 * (box["bottom"] - box["top"]), (rgb.shape, box)
    for color, mark, swatch in zip(colors, marks, swatches, strict=True):
        want = _hex(color)
        ring = _region(rgb, mark, box)
        assert np.all(np.abs(ring - want) <= 40, axis=-1).sum() > 20, ("marker", color)
        sw = _region(rgb, swatch, box)
        assert np.all(np.abs(sw - want) <= 12, axis=-1).mean() > 0.5, ("swatch", color)
    mine = _half(_region(rgb, label, box)).mean(axis=-1)
    h, w = min(shot.shape[0], mine.shape[0]), min(shot.shape[1], mine.shape[1])
    ink_shot = np.abs(shot[:h, :w] - np.median(shot)) > 40
    ink_mine = np.abs(mine[:h, :w] - np.median(mine)) > 40
    # a pin's name: 13 px glyphs, drawn at 2x and averaged down (measured 0.48 in JupyterLab)
    assert ink_shot.sum() > 10 and (ink_shot & ink_mine).sum() / ink_shot.sum() >= 0.4
    assert np.abs(shot[:h, :w] - mine[:h, :w]).mean() < 40
    page_errors.assert_clean()
