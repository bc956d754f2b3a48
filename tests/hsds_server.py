"""A real single-node HSDS server on 127.0.0.1 for the HSDS tests and benchmark.

``HsdsServer(root)`` starts the two processes of a standalone HSDS (``hsds-node
--node_type=sn`` and ``--node_type=dn``) with POSIX storage under ``root``, one user
(``USER`` / ``PASSWORD``) and its home folder ``/home/USER/``. ``load(local, domain)``
puts an HDF5 file into it with ``hsload``; ``stop()`` / ``start()`` take the server away
and bring it back (the same storage); a context manager.

``hsds-node`` binds every interface; this module is also the launcher of the nodes
(``python hsds_server.py --node_type=...``): it makes aiohttp's ``run_app`` bind
127.0.0.1 only, then runs ``hsds-node``'s own entry point.
"""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

USER = "tester"
PASSWORD = "tester-pass"
BUCKET = "usidw"
READY_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HsdsServer:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        (self.root / BUCKET).mkdir(parents=True, exist_ok=True)
        self.passwd = self.root / "passwd.txt"
        self.passwd.write_text(f"admin:admin\n{USER}:{PASSWORD}\n")
        self.sn_port, self.dn_port = _free_port(), _free_port()
        self.endpoint = f"http://127.0.0.1:{self.sn_port}"
        self.procs: list[subprocess.Popen] = []
        self.logs = self.root / "logs"
        self.logs.mkdir(exist_ok=True)

    @property
    def env(self) -> dict[str, str]:
        """The environment h5pyd's command-line tools read (endpoint, user, password)."""
        env = dict(os.environ)
        env.update(HS_ENDPOINT=self.endpoint, HS_USERNAME=USER, HS_PASSWORD=PASSWORD)
        return env

    def start(self) -> None:
        common = [
            "--standalone",
            f"--root_dir={self.root}",
            f"--bucket_name={BUCKET}",
            f"--dn_urls=http://127.0.0.1:{self.dn_port}",
            f"--hsds_endpoint={self.endpoint}",
            "--log_level=ERROR",
            # each read is one request: no waiting to batch chunk writes and reads
            "--store_read_timeout=5",
        ]
        sn = [
            "--node_type=sn",
            f"--sn_url=http://127.0.0.1:{self.sn_port}",
            f"--password_file={self.passwd}",
            "--admin_user=admin",
        ]
        dn = ["--node_type=dn", "--node_number=0"]
        for name, args in (("dn", dn), ("sn", sn)):
            log = open(self.logs / f"{name}.log", "ab")
            self.procs.append(
                subprocess.Popen(
                    [sys.executable, __file__, *args, *common],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=self.root,
                )
            )
            log.close()
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        last = ""
        while time.monotonic() < deadline:
            for p in self.procs:
                if p.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"hsds-node exited ({p.returncode}); logs in {self.logs}")
            try:
                with urllib.request.urlopen(self.endpoint + "/about", timeout=2) as r:
                    last = r.read().decode()
                # READY in /about comes before the data node answers: ask for a folder too
                if '"READY"' in last and self._answers("/domains?domain=/home/"):
                    return
            except OSError as e:
                last = str(e)
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"HSDS not ready after {READY_TIMEOUT:.0f} s: {last}")

    def wait_serving(self, domain: str, dataset: str, timeout: float = READY_TIMEOUT) -> None:
        """Wait until a new h5pyd client reads a value of ``dataset`` in ``domain`` (a path
        such as ``/home/tester/be.h5``): after a restart the service node answers folders
        before its data node serves reads."""
        import h5pyd

        deadline, last = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            try:
                with h5pyd.File(
                    domain, "r", endpoint=self.endpoint, username=USER, password=PASSWORD
                ) as f:
                    f[dataset][(0,) * f[dataset].ndim]
                return
            except Exception as exc:  # not serving yet
                last = exc
                time.sleep(0.5)
        raise RuntimeError(f"HSDS did not serve {domain} within {timeout:.0f} s: {last}")

    def _answers(self, req: str) -> bool:
        """Whether the server answers ``GET req`` as the admin with 200 (or 404: no home yet)."""
        import base64

        token = base64.b64encode(b"admin:admin").decode()
        r = urllib.request.Request(self.endpoint + req, headers={"Authorization": f"Basic {token}"})
        try:
            with urllib.request.urlopen(r, timeout=2):
                return True
        except urllib.error.HTTPError as e:
            return e.code == 404
        except OSError:
            return False

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []

    def hs(self, tool: str, *args: str, admin: bool = False) -> subprocess.CompletedProcess:
        """Run one of h5pyd's tools as the user (or as the admin)."""
        exe = Path(sys.executable).with_name(tool)
        env = dict(self.env, HS_USERNAME="admin", HS_PASSWORD="admin") if admin else self.env
        return subprocess.run(
            [str(exe), *args], env=env, capture_output=True, text=True, timeout=300
        )

    def home(self) -> str:
        """Create the user's home folder (``hstouch``, as the admin) and return it."""
        folder = f"/home/{USER}/"
        env = dict(self.env, HS_USERNAME="admin", HS_PASSWORD="admin")
        exe = Path(sys.executable).with_name("hstouch")
        for path, owner in (("/home/", []), (folder, ["-o", USER])):
            subprocess.run(
                [str(exe), *owner, path], env=env, capture_output=True, text=True, timeout=60
            )
        return folder

    def load(self, local: str | os.PathLike, domain: str, admin: bool = False) -> str:
        """``hsload local domain`` (owned by the user, or by the admin: then the user may not
        read it); returns the domain. Raises with hsload's own words."""
        done = self.hs("hsload", str(local), domain, admin=admin)
        if done.returncode != 0:
            raise RuntimeError(f"hsload {local} {domain} failed: {done.stderr or done.stdout}")
        return domain

    def __enter__(self) -> HsdsServer:
        self.start()
        self.home()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _node_main() -> None:
    import aiohttp.web
    from hsds import datanode, node_runner, servicenode

    local = functools.partial(aiohttp.web.run_app, host="127.0.0.1")
    servicenode.run_app = local
    datanode.run_app = local
    node_runner.main()


if __name__ == "__main__":
    _node_main()


def loadable(src: str | os.PathLike, dst: str | os.PathLike) -> Path:
    """A copy of ``src`` that ``hsload`` accepts: ``hsload`` refuses fixed-length ASCII
    attributes holding UTF-8 (the ``µm`` units the writers store), so each such attribute
    (a scalar or an array of fixed-length strings) is rewritten as variable-length UTF-8
    text with the same value. Everything else is copied as it is."""
    import shutil

    import h5py
    import numpy as np

    shutil.copyfile(src, dst)

    def fix(obj) -> None:
        for name in list(obj.attrs):
            tid = obj.attrs.get_id(name).get_type()
            if tid.get_class() != h5py.h5t.STRING or tid.is_variable_str():
                continue
            raw = obj.attrs[name]
            values = np.asarray(raw, dtype=object).reshape(-1)
            text = [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]
            if all(t.isascii() for t in text):
                continue
            shape = np.shape(raw)
            arr = np.array(text, dtype=h5py.string_dtype("utf-8")).reshape(shape)
            obj.attrs[name] = arr if shape else arr[()]

    with h5py.File(dst, "r+") as f:
        fix(f)
        f.visititems(lambda _, obj: fix(obj))
    return Path(dst)
