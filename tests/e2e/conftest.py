"""Fixtures of the end-to-end tests: one chromium per session, one Jupyter server per app
(JupyterLab and Notebook 7, so every test using ``jupyter`` runs in both), and a fresh
browser context, page and notebook per test.

Artifacts: when a test fails, ``test-artifacts/<test name>/`` receives ``final.png``,
``trace.zip`` (open with ``playwright show-trace``) and ``server.log`` (what the server
logged during that test). Set ``E2E_KEEP_ARTIFACTS=1`` to keep them for passing tests too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from .harness import (
    APPS,
    ErrorCollector,
    JupyterServer,
    NotebookSession,
    artifact_dir,
    clear_artifacts,
    find_chromium,
    launch_chromium,
    sanitize,
    save_screenshot,
)

E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as ``e2e`` (``-m "not e2e"`` deselects them)."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


def _failed(node: pytest.Item) -> bool:
    return any(
        getattr(getattr(node, f"_e2e_report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium; missing means fail in CI (never skip there) and skip elsewhere."""
    path = find_chromium()
    if path is None:
        reason = (
            "chromium is not installed: apt-get install -y --no-install-recommends "
            "chromium fonts-dejavu-core (Playwright cannot download browsers here)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str, tmp_path_factory: pytest.TempPathFactory):
    """Headless chromium for the whole session, with its own HOME and XDG folders."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw, tmp_path_factory.mktemp("chromium-env"), chromium_path)
        yield browser
        browser.close()


@pytest.fixture(scope="session", params=APPS)
def jupyter(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A running server per app: ``"lab"`` (JupyterLab) or ``"notebook"`` (Notebook 7)."""
    server = JupyterServer(request.param, tmp_path_factory.mktemp(f"jupyter-{request.param}"))
    with server:
        yield server


@pytest.fixture
def test_name(request: pytest.FixtureRequest) -> str:
    """The test's node name, e.g. ``test_counter[lab]``."""
    return request.node.name


@pytest.fixture
def page_errors() -> ErrorCollector:
    """Console and page errors of this test's page; call ``.assert_clean()`` in the test."""
    return ErrorCollector()


@pytest.fixture
def page(
    request: pytest.FixtureRequest,
    browser,
    jupyter: JupyterServer,
    page_errors: ErrorCollector,
    test_name: str,
):
    """A fresh context and page per test, traced; artifacts are kept when the test fails."""
    clear_artifacts(test_name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    # DOM snapshots per action are cheap; the screencast filmstrip costs about 4 s per page
    # load on two cores, so it is opt-in.
    context.tracing.start(snapshots=True, screenshots=bool(os.environ.get("E2E_TRACE_SCREENSHOTS")))
    page = context.new_page()
    page_errors.attach(page)
    log_start = jupyter.log_size()
    yield page
    keep = _failed(request.node) or bool(os.environ.get("E2E_KEEP_ARTIFACTS"))
    try:
        if keep:
            out = artifact_dir(test_name)
            try:
                save_screenshot(page, test_name, "final")
            except Exception as exc:  # a crashed page must not hide the trace and log
                (out / "screenshot-error.txt").write_text(repr(exc))
            context.tracing.stop(path=str(out / "trace.zip"))
            (out / "server.log").write_text(jupyter.log_tail(log_start))
            if page_errors.errors:
                (out / "page-errors.txt").write_text(page_errors.dump())
        else:
            context.tracing.stop()
    finally:
        context.close()
        # After the page is gone, so that it does not see its kernels die (that logs errors).
        jupyter.shutdown_sessions()


@pytest.fixture
def screenshot(page, test_name: str) -> Callable[[str], Path]:
    """``screenshot(name)`` saves ``test-artifacts/<test name>/<name>.png`` and returns it."""
    return lambda name: save_screenshot(page, test_name, name)


@pytest.fixture
def open_notebook(page, jupyter: JupyterServer, test_name: str) -> Callable[..., NotebookSession]:
    """``open_notebook(cells, name=None)`` writes the cells as ``<name or test name>.ipynb``
    in the server's root, opens it and waits for an idle kernel. The ``page`` fixture shuts
    the kernels down after the test."""

    def _open(cells: Sequence[str], name: str | None = None) -> NotebookSession:
        nb_name = f"{sanitize(name or test_name)}.ipynb"
        jupyter.write_notebook(nb_name, cells)
        return NotebookSession(page, jupyter, nb_name).open()

    return _open
