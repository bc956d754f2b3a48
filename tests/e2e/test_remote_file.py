"""A remote file in a real browser (issue 19): the kernel serves a band-excitation file with
``tests/range_server.py`` on 127.0.0.1 and opens ``explorer(url)``. The title names the URL;
a connection dropped while a view reads is said in the status line with the URL and what
happened, and the next step reads again and clears it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .harness import set_theme, wait_drawn

pytest.importorskip("fsspec")
pytest.importorskip("aiohttp")

HEATMAP = ".usidw-heatmap"
TESTS = Path(__file__).parents[1]

CELL = f"""
import sys, uuid
sys.path.insert(0, {str(TESTS)!r})
from range_server import RangeServer
from usid_widgets import datasets, explorer
from usid_widgets.reader.remote import remote_of

path = datasets.band_excitation(f"be-{{uuid.uuid4().hex[:8]}}.h5", size=(24, 20), n_freq=48)
srv = RangeServer({{"be.h5": path}})
w = explorer(srv.url("be.h5"))
w
"""

DROP = """
w.md.blocks.clear()
remote_of(w.file).clear()
srv.drop(1)
w.index = {**w.index, "Frequency": 20}
print(w.message)
"""


def _status(page) -> str:
    return page.locator(".usidw-status").first.evaluate("(e) => e.textContent.trim()")


def test_remote_file_in_the_browser(open_notebook, page, page_errors, screenshot):
    session = open_notebook([CELL])
    session.run_all()
    first = wait_drawn(page)
    url = session.execute("print(srv.url('be.h5'))").strip()
    title = page.locator(".usidw-header-title").first.evaluate("(e) => e.textContent")
    assert url in title
    said = session.execute(DROP).strip()
    assert url in said and "dropped mid-read" in said
    page.wait_for_function(
        "(url) => (document.querySelector('.usidw-status')?.textContent || '').includes(url)",
        arg=url,
    )
    status = _status(page)
    assert status.startswith("Could not read this view: the connection was dropped mid-read")
    assert "try again" in status
    for size in ((1024, 768), (1600, 1000)):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        for theme in ("JupyterLab Light", "JupyterLab Dark"):
            set_theme(page, theme)
            page.locator(".usidw-status").first.scroll_into_view_if_needed()
            screenshot(f"dropped-{size[0]}x{size[1]}-{theme.split()[-1].lower()}")
    set_theme(page, "JupyterLab Light")
    session.execute('w.index = {**w.index, "Frequency": 21}')
    wait_drawn(page, not_id=first)
    page.wait_for_function("() => !document.querySelector('.usidw-status')?.textContent")
    assert session.execute("print(repr(w.message))").strip() == "''"
    screenshot("recovered")
    session.execute("w.close(); srv.close(); import os; os.remove(path)")
    page_errors.assert_clean()


BURST = f"""
import sys, uuid, time
import h5py, numpy as np
sys.path.insert(0, {str(TESTS)!r})
from range_server import RangeServer
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

path = f"cube-{{uuid.uuid4().hex[:8]}}.h5"
with h5py.File(path, "w") as f:  # one spectrum per chunk: a map reads all 768 chunks
    write_main(
        f.create_group("Measurement_000/Channel_000"), "Raw_Data",
        np.random.default_rng(3).random((32, 24, 4096), dtype=np.float32),  # 12 MiB
        [Dimension("Y", "nm", np.arange(32.0)), Dimension("X", "nm", np.arange(24.0))],
        [Dimension("Energy", "eV", np.linspace(1.0, 2.0, 4096))],
        chunks=(1, 4096),
    )
srv = RangeServer({{"cube.h5": path}}, delay=0.15)
# no maps held ahead (frame_cache_mb=0): the requests counted are the user's steps' only
w = explorer(srv.url("cube.h5"), frame_cache_mb=0)
w.md.blocks.col_window = 0  # no window cache: every step is a map read over the network
calls = []
w.observe(lambda c: calls.append(c["new"]["Energy"]), names="index")
w
"""

ONE_JUMP = """
srv.reset()
t = time.perf_counter()
w.index = {**w.index, "Energy": 300}
print(round(time.perf_counter() - t, 3), srv.stats()["gets"])
"""


def test_burst_of_map_jumps_ends_on_the_last(open_notebook, page, page_errors):
    """Ten map steps on a remote file (150 ms per request, every step a read of all 768
    chunks) pressed faster than one read: the sliders keep one index change in flight
    (sliders.js), so the stale ones are never read; the view ends on the last, with the
    requests of the few reads served (the time is that of those reads)."""
    session = open_notebook([BURST])
    session.run_all()
    wait_drawn(page)
    took, gets = (float(v) for v in session.execute(ONE_JUMP).split())
    session.execute("srv.reset(); calls.clear(); t0 = time.perf_counter()")
    session.enter_command_mode()
    slider = page.get_by_role("slider", name="Energy")
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    session.wait_for_kernel("calls[-1] if calls else None", "310")
    elapsed = session.execute("print(round(time.perf_counter() - t0, 3))").strip()
    steps = json.loads(session.execute("print(calls)").strip())
    served = session.execute("print(srv.stats()['gets'])").strip()
    print(f"burst: served {steps}, {served} requests in {elapsed} s; one jump {took} s, {gets}")
    assert steps[-1] == 310, steps
    assert len(steps) <= 5, f"stale steps were read: {steps}, one jump {took} s, {gets} gets"
    assert int(served) <= len(steps) * gets, (served, steps, gets)
    image = session.execute(
        "with h5py.File(path) as f: print(np.array_equal(w.image.ravel(), f['/Measurement_000/"
        "Channel_000/Raw_Data'][:, 310]))"
    )
    assert image.strip() == "True"
    session.execute("w.close(); srv.close(); import os; os.remove(path)")
    page_errors.assert_clean()
    assert took > 0.15  # a jump really went over the network
