"""End-to-end harness: a real Jupyter server (JupyterLab or Notebook 7) driven by Playwright.

The pieces, in the order a test uses them:

* :class:`JupyterServer` starts ``jupyter lab`` or ``jupyter notebook`` from the tests'
  interpreter, isolated from the user's configuration, and stops it with its kernels.
* :func:`write_notebook` writes a notebook whose kernelspec is set, so no "Select Kernel"
  dialog blocks the page.
* :class:`NotebookSession` opens that notebook in a Playwright page, runs all its cells and
  asks the kernel questions (:meth:`NotebookSession.execute`), which proves that what the
  browser did reached Python.
* :class:`ErrorCollector` records console errors and uncaught page errors, and
  :meth:`ErrorCollector.assert_clean` fails the test on any that is not in the documented
  allow-list :data:`KNOWN_ERRORS`.
* :func:`artifact_dir` / :func:`save_screenshot` put screenshots, traces and server logs under
  ``test-artifacts/<test name>/`` at the repository root (gitignored).

Everything waits on a condition with a deadline; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import nbformat

App = Literal["lab", "notebook"]
APPS: tuple[App, ...] = ("lab", "notebook")

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_ROOT = REPO_ROOT / "test-artifacts"

#: Fixed token: the tests build every URL themselves, so a secret gains nothing.
TOKEN = "usid-widgets-e2e"

#: Chromium flags measured on these machines (see docs/browser-testing.md). Debian's wrapper
#: drops ``--disable-dev-shm-usage`` from its defaults, so it is passed explicitly. No
#: ``--user-data-dir``: Playwright creates its own temporary profile and refuses a second one.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


@dataclass(frozen=True)
class KnownError:
    """An error that is not a failure: ``kind`` ("console" or "pageerror"), regexes that
    must both match (``message`` against the text, ``where`` against the source URL or the
    stack), and ``why`` it cannot point at a bug in our widgets."""

    kind: Literal["console", "pageerror"]
    message: str
    where: str
    why: str

    def matches(self, kind: str, message: str, where: str) -> bool:
        return (
            kind == self.kind
            and re.search(self.message, message) is not None
            and re.search(self.where, where) is not None
        )


#: The allow-list: every entry is narrow (message *and* origin) and says why it is benign.
#: Measured on JupyterLab 4.6.6 and Notebook 7.6.5: JupyterLab logs no error at all.
KNOWN_ERRORS: tuple[KnownError, ...] = (
    KnownError(
        kind="pageerror",
        message=r"^TypeError: Cannot read properties of undefined \(reading 'schema'\)",
        where=r"/static/notebook/notebook_core\.[0-9a-f]+\.js",
        why=(
            "Notebook 7.6 start-up race in its bundled @jupyterlab/shortcuts-extension: the "
            "slot it connects to the settings registry's pluginChanged reads "
            "registry.plugins['@jupyterlab/shortcuts-extension:shortcuts'].schema while that "
            "plugin's own settings are not registered yet, and the async slot's rejection is "
            "unhandled. It happens on every Notebook 7 page load, with an empty notebook and "
            "no widget, before any cell runs: nothing of ours is involved."
        ),
    ),
)


def find_chromium() -> str | None:
    """Path of Debian's chromium (Playwright cannot download its own browsers here)."""
    return shutil.which("chromium")


def launch_chromium(pw: Any, env_dir: Path, executable: str | None = None) -> Any:
    """Debian's chromium, headless, with :data:`CHROMIUM_ARGS` and an isolated environment
    (``env_dir``), through the Playwright instance ``pw``."""
    executable = executable or find_chromium()
    if executable is None:
        raise RuntimeError("chromium is not installed: apt-get install chromium")
    return pw.chromium.launch(
        executable_path=executable,
        headless=True,
        args=list(CHROMIUM_ARGS),
        env=isolated_env(env_dir),
    )


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now.

    The small race between closing this socket and the server binding it is handled by
    :meth:`JupyterServer.start`, which retries on another port if the server exits early.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(base: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """``os.environ`` with ``HOME`` and every ``XDG_*`` folder moved under ``base``.

    Used for the browser (chromium writes crash reports and dconf caches to ``HOME`` even
    with a temporary profile) and, extended, for the Jupyter server.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    dirs = {
        "HOME": "home",
        "XDG_CONFIG_HOME": "xdg/config",
        "XDG_CACHE_HOME": "xdg/cache",
        "XDG_DATA_HOME": "xdg/data",
        "XDG_STATE_HOME": "xdg/state",
        "XDG_RUNTIME_DIR": "xdg/runtime",
    }
    for var, rel in dirs.items():
        path = base / rel
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    # The XDG spec requires the runtime dir to be private; dbus/dconf complain otherwise.
    (base / "xdg/runtime").chmod(0o700)
    env.update(extra or {})
    return env


def write_notebook(path: Path, cells: Sequence[str]) -> Path:
    """Write code ``cells`` as a notebook at ``path`` with ``kernelspec`` python3.

    Without ``metadata.kernelspec`` both apps open a blocking "Select Kernel" dialog.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def sanitize(name: str) -> str:
    """A pytest node name (``test_x[lab]``) as a file-system-friendly name (``test_x-lab``)."""
    return re.sub(r"[^\w.-]+", "-", name).strip("-")


def artifact_dir(test_name: str) -> Path:
    """``test-artifacts/<test name>/`` at the repository root, created on demand."""
    path = ARTIFACTS_ROOT / sanitize(test_name)
    path.mkdir(parents=True, exist_ok=True)
    return path


def clear_artifacts(test_name: str) -> None:
    """Remove ``test-artifacts/<test name>/``, so what it holds is from the latest run."""
    shutil.rmtree(ARTIFACTS_ROOT / sanitize(test_name), ignore_errors=True)


def save_screenshot(page: Any, test_name: str, name: str) -> Path:
    """Full-page PNG of ``page`` at ``test-artifacts/<test name>/<name>.png``."""
    path = artifact_dir(test_name) / f"{sanitize(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def set_theme(page: Any, theme: str) -> None:
    """Switch JupyterLab's (or Notebook 7's) theme, e.g. "JupyterLab Dark", and wait until it
    is in force."""
    page.evaluate(
        "async (theme) => { await window.jupyterapp.commands.execute("
        "'apputils:change-theme', {theme}); }",
        theme,
    )
    page.wait_for_function(
        "(light) => document.body.dataset.jpThemeLight === light",
        arg="true" if theme.endswith("Light") else "false",
    )


class JupyterServer:
    """A JupyterLab or Notebook 7 server in its own process group, isolated under ``base``.

    ``base`` receives ``root/`` (the server's root_dir, where notebooks are written),
    ``env/`` (HOME, XDG and Jupyter folders) and ``server.log``. Use as a context manager or
    call :meth:`start` / :meth:`stop`.
    """

    def __init__(self, app: App, base: Path, *, token: str = TOKEN) -> None:
        if app not in APPS:
            raise ValueError(f"app must be one of {APPS}, not {app!r}")
        self.app: App = app
        self.base = Path(base)
        self.token = token
        self.root_dir = self.base / "root"
        self.log_path = self.base / "server.log"
        self.port: int | None = None
        self.proc: subprocess.Popen[bytes] | None = None

    # -- life cycle -------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        home = self.base / "env"
        jupyter = {
            "JUPYTER_CONFIG_DIR": "jupyter/config",
            "JUPYTER_DATA_DIR": "jupyter/data",
            "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
            "IPYTHONDIR": "ipython",
            "JUPYTERLAB_SETTINGS_DIR": "lab/user-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "lab/workspaces",
        }
        extra = {}
        for var, rel in jupyter.items():
            (home / rel).mkdir(parents=True, exist_ok=True)
            extra[var] = str(home / rel)
        env = isolated_env(home, extra)
        # Anything else Jupyter reads from the environment (JUPYTER_PATH, JUPYTER_TOKEN,
        # JUPYTER_CONFIG_PATH, JPY_SESSION_NAME, ...) would leak the caller's set-up in.
        for key in list(env):
            if key.startswith(("JUPYTER", "JPY_")) and key not in extra:
                del env[key]
        # The installed kernelspec runs plain "python": make that the tests' interpreter, so
        # the kernel imports the same usid_widgets / anywidget as the tests.
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        # ipykernel's debugger otherwise warns on stderr about frozen modules on every start.
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        return env

    def _argv(self, port: int) -> list[str]:
        app_cls = "LabApp" if self.app == "lab" else "JupyterNotebookApp"
        return [
            sys.executable,
            "-m",
            "jupyter",
            self.app,
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            # Fail instead of silently moving to another port than the one we will browse.
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.allow_root=True",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--{app_cls}.expose_app_in_browser=True",
            # No calls to the internet: no news feed, no update check.
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]

    def _write_user_settings(self, env: dict[str, str]) -> None:
        """Settings that keep the UI free of toasts that could cover the widgets."""
        settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )

    def start(self, timeout: float = 60.0, attempts: int = 3) -> JupyterServer:
        """Start the server and wait until ``/api/status`` answers; retry on a port race."""
        self.root_dir.mkdir(parents=True, exist_ok=True)
        env = self._env()
        self._write_user_settings(env)
        last_error: Exception | None = None
        for _ in range(attempts):
            self.port = free_port()
            with self.log_path.open("ab") as log:
                log.write(f"\n===== {' '.join(self._argv(self.port))}\n".encode())
                log.flush()
                self.proc = subprocess.Popen(
                    self._argv(self.port),
                    cwd=self.root_dir,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # own process group: killpg takes the kernels too
                )
            try:
                self._wait_ready(timeout)
                return self
            except RuntimeError as exc:  # exited early, most likely the port was taken
                last_error = exc
                self.stop()
        raise RuntimeError(f"{last_error}\n--- server log ---\n{self.log_tail()}")

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"jupyter {self.app} exited before answering")
            try:
                self.api("GET", "/api/status", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(
                    f"jupyter {self.app} did not answer /api/status within {timeout} s\n"
                    f"--- server log ---\n{self.log_tail()}"
                )
            # Bounded poll interval while the server boots; not a wait for a result.
            time.sleep(0.1)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the whole process group (server and kernels); SIGKILL what remains."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        # Kernels are in the same group and may outlive the server's own shutdown.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout)

    def __enter__(self) -> JupyterServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, name: str) -> str:
        """URL that opens notebook ``name`` (relative to root_dir) in this server's app.

        JupyterLab gets ``reset``: otherwise it restores the workspace saved by the previous
        test, reopening that test's notebook and starting a second kernel behind the scenes.
        """
        if self.app == "lab":
            return f"{self.base_url}/lab/tree/{name}?token={self.token}&reset"
        return f"{self.base_url}/notebooks/{name}?token={self.token}"

    def write_notebook(self, name: str, cells: Sequence[str]) -> Path:
        """Write a notebook into the server's root_dir (see :func:`write_notebook`)."""
        return write_notebook(self.root_dir / name, cells)

    def api(self, method: str, path: str, body: Any = None, timeout: float = 10.0) -> Any:
        """Call the server's REST API with the token; returns the decoded JSON or None."""
        headers = {"Authorization": f"token {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(
            f"{self.base_url}{path}", data=data, method=method, headers=headers
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def start_session(self, name: str, kernel: str = "python3") -> dict[str, Any]:
        """Create the session of notebook ``name`` (starting its kernel); returns its model.

        The server answers once the kernel process is launched, without waiting for it to
        be ready; a page opening ``name`` afterwards connects to this kernel.
        """
        return self.api(
            "POST",
            "/api/sessions",
            {"path": name, "name": name, "type": "notebook", "kernel": {"name": kernel}},
        )

    def shutdown_sessions(self) -> None:
        """Delete every session (and so its kernel), leaving the server ready for the next test."""
        for session in self.api("GET", "/api/sessions"):
            try:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            except urllib.error.HTTPError as exc:  # already gone
                if exc.code != 404:
                    raise

    def log_size(self) -> int:
        """Current size of the log, to slice out what one test produced."""
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_tail(self, start: int = 0) -> str:
        """The server log from byte ``start`` on."""
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as f:
            f.seek(start)
            return f.read().decode(errors="replace")


@dataclass
class ErrorCollector:
    """Console errors and uncaught exceptions of one page; attach it before loading.

    Entries are ``(kind, message, where)``: for console errors ``where`` is the source URL
    and line, for page errors the stack.
    """

    errors: list[tuple[str, str, str]] = field(default_factory=list)

    def attach(self, page: Any) -> ErrorCollector:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)
        return self

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f"{loc.get('url', '')}:{loc.get('lineNumber', '')}"
            self.errors.append(("console", msg.text, where))

    def _on_pageerror(self, exc: Any) -> None:
        self.errors.append(("pageerror", f"{exc.name}: {exc.message}", exc.stack or ""))

    def unexpected(self) -> list[str]:
        """Every recorded error not matched by an entry of :data:`KNOWN_ERRORS`."""
        return [
            f"{kind}: {message}\n    at {where}"
            for kind, message, where in self.errors
            if not any(k.matches(kind, message, where) for k in KNOWN_ERRORS)
        ]

    def assert_clean(self) -> None:
        """Fail if the page logged any error outside the allow-list."""
        errors = self.unexpected()
        assert not errors, "JavaScript errors in the page:\n" + "\n".join(errors)

    def dump(self) -> str:
        """All recorded errors, allowed or not, for the artifacts."""
        return "\n\n".join(f"{k}: {m}\n{w}" for k, m, w in self.errors)


# JavaScript that finds the panel of notebook ``name`` among the main-area widgets (both
# apps' shells implement ``widgets('main')``); falls back to the current widget.
_FIND_PANEL = """
const findPanel = (name) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of Array.from(app.shell.widgets('main'))) {
    if (w.context && w.context.path === name && w.sessionContext) return w;
  }
  const cur = app.shell.currentWidget;
  return cur && cur.context && cur.context.path === name ? cur : null;
};
"""


class NotebookSession:
    """One notebook open in a Playwright ``page`` of a running :class:`JupyterServer`."""

    def __init__(self, page: Any, server: JupyterServer, name: str) -> None:
        self.page = page
        self.server = server
        self.name = name

    def _eval(self, body: str, arg: Any = None) -> Any:
        """Evaluate ``body`` (a JS function taking ``arg``) with ``findPanel`` in scope."""
        return self.page.evaluate(f"(arg) => {{ {_FIND_PANEL} return ({body})(arg); }}", arg)

    def _wait(self, body: str, arg: Any = None, timeout: float = 30.0) -> Any:
        """Wait until the synchronous JS function ``body(arg)`` is truthy; return its value.

        It must be synchronous: a Promise is truthy, so an async predicate returns at once.
        """
        handle = self.page.wait_for_function(
            f"(arg) => {{ {_FIND_PANEL} return ({body})(arg); }}",
            arg=arg,
            timeout=timeout * 1000,
        )
        return handle.json_value()

    def open(self, timeout: float = 60.0) -> NotebookSession:
        """Load the notebook and wait until its kernel is connected and idle.

        The kernel is started through the REST API first: the page then joins that session
        (both apps look a session up by path) and the kernel boots while the page loads,
        instead of after, which saves about a second per test.
        """
        self.server.start_session(self.name)
        self.page.goto(self.server.notebook_url(self.name))
        self._wait(
            """(name) => {
              const p = findPanel(name);
              if (!p || !p.sessionContext.isReady) return false;
              const k = p.sessionContext.session && p.sessionContext.session.kernel;
              return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
            }""",
            self.name,
            timeout,
        )
        return self

    def run_all(self, timeout: float = 60.0) -> None:
        """Run every cell and wait until each code cell has executed and the kernel is idle.

        Outputs and execution counts are cleared first, so "every count is set" means "set by
        this run". Raises with the traceback if a cell fails (run-all stops there, so waiting
        for the remaining counts would only time out).
        """
        self._eval(
            """async (name) => {
              const p = findPanel(name);
              window.jupyterapp.shell.activateById(p.id);
              await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
              await window.jupyterapp.commands.execute('notebook:run-all-cells');
            }""",
            self.name,
        )
        state = self._wait(
            """(name) => {
              const p = findPanel(name);
              const cells = p.content.widgets.filter((c) => c.model.type === 'code');
              for (const c of cells) {
                for (const o of c.model.outputs.toJSON()) {
                  if (o.output_type === 'error') {
                    return {error: o.ename + ': ' + o.evalue + '\\n' + o.traceback.join('\\n')};
                  }
                }
              }
              const k = p.sessionContext.session.kernel;
              const done = cells.every((c) => c.model.executionCount !== null);
              return done && k.status === 'idle' ? {error: null} : false;
            }""",
            self.name,
            timeout,
        )
        if state["error"]:
            raise AssertionError(f"a cell of {self.name} failed:\n{_strip_ansi(state['error'])}")

    def execute(self, code: str, timeout: float = 30.0) -> str:
        """Run ``code`` in the notebook's kernel from the page; return its text output.

        The request goes through the page's own kernel connection
        (``sessionContext.session.kernel.requestExecute``), the same websocket the widgets'
        comm messages use, so it is ordered after everything the page sent before. Stream
        output and the ``text/plain`` of results are concatenated. Nothing is added to the
        notebook and execution counts are untouched (``store_history: false``). A Python
        exception raises :class:`AssertionError` with the traceback.
        """
        res = self._eval(
            """async ({name, code, timeoutMs}) => {
              const k = findPanel(name).sessionContext.session.kernel;
              const future = k.requestExecute({code, store_history: false, stop_on_error: false});
              const out = [];
              let error = null;
              future.onIOPub = (msg) => {
                const t = msg.header.msg_type;
                const c = msg.content;
                if (t === 'stream') out.push(c.text);
                else if (t === 'execute_result' || t === 'display_data') {
                  out.push(c.data['text/plain'] ?? '');
                } else if (t === 'error') {
                  error = c.ename + ': ' + c.evalue + '\\n' + c.traceback.join('\\n');
                }
              };
              let timer;
              const expired = new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error('execute timed out')), timeoutMs);
              });
              try {
                await Promise.race([future.done, expired]);
              } finally {
                clearTimeout(timer);
              }
              return {output: out.join(''), error};
            }""",
            {"name": self.name, "code": code, "timeoutMs": timeout * 1000},
        )
        if res["error"]:
            raise AssertionError(f"kernel raised for {code!r}:\n{_strip_ansi(res['error'])}")
        return res["output"]

    def wait_for_kernel(self, expr: str, expected: str, timeout: float = 15.0) -> str:
        """Ask the kernel ``print(expr)`` until the answer is ``expected``; return it.

        Raises :class:`AssertionError` with the last answer when ``timeout`` passes. Needed
        after browser-side changes: ipywidgets keeps at most one state update per model in
        flight and sends the next only when the kernel reports idle, so right after several
        quick changes the newest value may still be queued in the page. Each try is one
        kernel round trip, so this is a bounded poll, not a sleep.
        """
        deadline = time.monotonic() + timeout
        while True:
            got = self.execute(f"print({expr})").strip()
            if got == expected:
                return got
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"kernel: {expr} is {got!r}, expected {expected!r} within {timeout} s"
                )

    def enter_command_mode(self) -> None:
        """Put the notebook in command mode, where JupyterLab's single-key shortcuts act."""
        self._eval(
            """async (name) => {
              const p = findPanel(name);
              window.jupyterapp.shell.activateById(p.id);
              p.content.mode = 'command';
            }""",
            self.name,
        )

    def notebook_mode(self) -> str:
        """``'command'`` or ``'edit'``."""
        return self._eval("(name) => findPanel(name).content.mode", self.name)

    def close(self) -> None:
        """Shut the notebook's kernel down through the server (the page is left as is)."""
        self.server.shutdown_sessions()


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def wait_drawn(page, index: int = 0, *, not_id: str | None = None, mode: str = "grid") -> str:
    """Wait until heatmap ``index`` has drawn a frame in ``mode`` (other than ``not_id``);
    its id."""
    page.wait_for_function(
        """([i, old, mode]) => {
            const el = document.querySelectorAll(".usidw-heatmap")[i];
            const id = el && el.getAttribute("data-frame-id");
            return !!id && id !== old && el.getAttribute("data-mode") === mode;
        }""",
        arg=[index, not_id, mode],
    )
    return page.locator(".usidw-heatmap").nth(index).get_attribute("data-frame-id")
