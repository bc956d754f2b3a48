"""HDF5 in HSDS (the HDF Group's REST service) through ``h5pyd`` (issue 19).

``h5pyd`` offers h5py's high-level API (``File``, ``Group``, ``Dataset``, ``attrs``,
slicing) but none of HDF5's low-level calls the reader uses elsewhere for speed
(``h5o.visit``, ``h5a.exists``, chunk-cache settings, ``chunk_iter``, the VFD handle), and
its object-reference attributes are id strings (``'d-...'``), which ``File[id]`` opens.
This module is the one place that tells h5pyd objects apart; every other module asks it
(``is_dataset``, ``is_group``, ``is_h5pyd``) and takes the high-level path it offers:

- the file is walked with ``visititems`` (:func:`dataset_names`), one request per group;
- attributes are read through ``attrs`` (h5pyd keeps an object's attributes after its open);
- a view's slice is one hyperslab request: HSDS reads the chunks server-side, so nothing
  fetches chunk by chunk (no chunk cache, no raw rows, no chunk index);
- a reference (:func:`is_reference`) is the id string, followed by ``file[id]``.

h5pyd is imported only by :func:`open_domain`; a program that never imported it has no h5pyd
object, so the tests below cost nothing for local files.
"""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from typing import Any

import h5py

#: What an ``hdf5://`` path (an HSDS domain) starts with.
DOMAIN_SCHEME = "hdf5://"
#: Seconds h5pyd waits for each answer of the server (its own default is 180 s).
TIMEOUT = 30.0
#: Retries of a request that failed to connect (h5pyd's own default is 10, with pauses).
RETRIES = 1
#: The options :func:`open_domain` takes from ``storage_options`` (h5pyd.File's keywords).
OPTIONS = ("endpoint", "username", "password", "bucket", "api_key", "timeout", "retries")

_ID = re.compile(r"^[dgt]-[0-9a-f]{8}-[0-9a-f-]+$")


def _h5pyd() -> Any:
    return sys.modules.get("h5pyd")


def is_h5pyd(obj: Any) -> bool:
    """Whether ``obj`` is an h5pyd object (File, Group, Dataset)."""
    h5pyd = _h5pyd()
    return h5pyd is not None and isinstance(obj, (h5pyd.Group, h5pyd.Dataset, h5pyd.Datatype))


def is_dataset(obj: Any) -> bool:
    """An h5py or h5pyd dataset."""
    if isinstance(obj, h5py.Dataset):
        return True
    h5pyd = _h5pyd()
    return h5pyd is not None and isinstance(obj, h5pyd.Dataset)


def is_group(obj: Any) -> bool:
    """An h5py or h5pyd group (a File is one)."""
    if isinstance(obj, h5py.Group):
        return True
    h5pyd = _h5pyd()
    return h5pyd is not None and isinstance(obj, h5pyd.Group)


def is_object(obj: Any) -> bool:
    """Any h5py or h5pyd object (File, Group, Dataset, Datatype)."""
    return isinstance(obj, h5py.HLObject) or is_h5pyd(obj)


def is_domain(source: Any) -> bool:
    """Whether ``source`` is an HSDS domain path, ``hdf5://folder/file.h5``."""
    return isinstance(source, str) and source.startswith(DOMAIN_SCHEME)


def is_reference(holder: Any, value: Any) -> bool:
    """Whether attribute ``value`` of ``holder`` is an object reference: an ``h5py.Reference``
    (not a region reference), or for an h5pyd object the id string h5pyd gives for one."""
    if isinstance(value, h5py.Reference):
        return not isinstance(value, h5py.RegionReference)
    if is_h5pyd(holder):
        if isinstance(value, bytes):
            value = value.decode("ascii", errors="replace")
        return isinstance(value, str) and bool(_ID.match(value))
    return False


def dataset_names(group: Any) -> list[str]:
    """Names (below ``group``) of every dataset under an h5pyd group, in the order
    ``h5o.visit`` lists an h5py file's (each group's members by name, depth first, each
    object once, through hard links), so a file opens on the same first dataset from HSDS as
    from disk (h5pyd's own ``visititems`` goes in creation order). Read from the links (a
    hard link names its object's id, ``d-...`` for a dataset): no dataset is opened."""
    names: list[str] = []
    seen: set[str] = set()

    def walk(g: Any, prefix: str) -> None:
        db, gid = g.id.db, g.id.id
        for key in sorted(g):
            link = db.getLink(gid, key) or {}
            target = link.get("id") if link.get("class") == "H5L_TYPE_HARD" else None
            if not target or target in seen:  # soft / external links, a second link
                continue
            seen.add(target)
            if target.startswith("d-"):
                names.append(prefix + key)
            elif target.startswith("g-"):
                walk(g[key], prefix + key + "/")

    walk(group, "")
    return names


#: The attribute of an h5pyd domain's db (``obj.id.db``, one per open) holding its File:
#: h5pyd builds ``obj.file`` anew at each access, with a request for the root group. The File
#: and its db refer to each other and go together when nothing else holds them.
FILE_ATTR = "usid_widgets_file"


def file_of(obj: Any) -> Any:
    """``obj.file``; for an h5pyd object the File of its open domain, asked of the server
    once per open (an ancillary reference followed, an identity taken: each was a request)."""
    if not is_h5pyd(obj):
        return obj.file
    db = obj.id.db
    file = getattr(db, FILE_ATTR, None)
    if file is None:
        file = obj if isinstance(obj, _h5pyd().File) else obj.file
        setattr(db, FILE_ATTR, file)
    return file


def file_name(file: Any) -> str:
    """The name the user knows a file by: its path for h5py, ``hdf5://folder/file.h5`` for
    an HSDS domain (h5pyd names it ``/folder/file.h5``, which reads as a local path)."""
    name = str(file.filename)
    return DOMAIN_SCHEME + name.lstrip("/") if is_h5pyd(file) else name


def object_key(dset: Any) -> tuple:
    """Identity of an h5pyd dataset that survives reopening its domain but not rewriting
    the dataset: the server, the domain, the object's id and when it was last modified."""
    file = file_of(dset)
    conn = file.id.db.plugin.http_conn
    return ("hsds", conn.endpoint, file.filename, dset.id.uuid, dset.modified)


class DomainError(OSError):
    """An HSDS domain that cannot be opened: the reason in words, naming the domain."""


def open_domain(domain: str, storage_options: dict | None = None) -> Any:
    """``h5pyd.File(domain, "r")`` for ``hdf5://folder/file.h5``.

    Where the server is and who asks come from h5pyd's own configuration (``HS_ENDPOINT``,
    ``HS_USERNAME``, ``HS_PASSWORD`` in the environment, or ``~/.hscfg`` written by
    ``hsconfigure``), or from ``storage_options`` (``endpoint``, ``username``, ``password``,
    ``bucket``, ``api_key``, ``timeout``, ``retries``: h5pyd.File's keywords), which win.
    Every request has a timeout (:data:`TIMEOUT` unless given).
    """
    try:
        import h5pyd
    except ImportError as exc:
        raise ImportError(
            f"reading {domain} needs h5pyd: pip install 'usid_widgets[hsds]'"
        ) from exc
    options = dict(storage_options or {})
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise TypeError(
            f"storage_options for an HSDS domain take {', '.join(OPTIONS)}; "
            f"not {', '.join(unknown)}"
        )
    timeout = float(options.pop("timeout", TIMEOUT))
    retries = int(options.pop("retries", RETRIES))
    path = "/" + domain[len(DOMAIN_SCHEME) :].lstrip("/")
    endpoint = options.get("endpoint") or _configured_endpoint()
    _reachable(domain, endpoint, timeout)
    try:
        file = h5pyd.File(path, "r", **options)
    except OSError as exc:
        raise DomainError(f"{domain}: {problem(exc)}") from exc
    limit_requests(file, timeout, retries)
    return file_of(file)


def _configured_endpoint() -> str | None:
    from h5pyd import config

    cfg = config.get_config()
    return cfg["hs_endpoint"] if "hs_endpoint" in cfg else None


def _reachable(domain: str, endpoint: str | None, timeout: float) -> None:
    """One ``GET /about`` within ``timeout``: h5pyd's open waits minutes (ten retries with
    growing pauses) for a server that does not answer; this says so at once."""
    if not endpoint:
        raise DomainError(
            f"{domain}: no HSDS endpoint: set HS_ENDPOINT (or run hsconfigure) or pass "
            "storage_options={'endpoint': 'http://host:port'}"
        )
    try:
        with urllib.request.urlopen(endpoint.rstrip("/") + "/about", timeout=timeout):
            pass
    except urllib.error.HTTPError:
        return  # it answers: h5pyd says what the answer means
    except (OSError, ValueError) as exc:
        raise DomainError(
            f"{domain}: cannot connect to the HSDS server at {endpoint} ({exc})"
        ) from exc


def limit_requests(file: Any, timeout: float, retries: int) -> None:
    """Give every later request of ``file``'s connection ``timeout`` seconds and ``retries``
    retries: h5pyd 1.0's ``File`` drops its own ``timeout=`` and ``retries=`` keywords (it
    keeps 180 s and ten retries, so a stopped server held a view for minutes)."""
    conn = file.id.db.plugin.http_conn
    conn.close()  # the session's retry policy is set when it opens
    conn._timeout = timeout
    conn._retries = retries
    conn.open()


def read_problem(file: Any, exc: BaseException) -> str | None:
    """What a failed read of an HSDS domain's ``file`` met, in words naming the domain, or
    None for a file that is not in HSDS."""
    if file is None or not is_h5pyd(file):
        return None
    return f"{file_name(file)}: {problem(exc)}"


def problem(exc: BaseException) -> str:
    """What went wrong with a request to HSDS, in words: the status and what it means, or
    that the server could not be reached (h5pyd wraps the cause in "Error retrieving data":
    the causes it chained are read too)."""
    said = {
        400: "the server refused the request (400)",
        401: "the user name or password is wrong (401)",
        403: "access denied (403): the user may not read this domain",
        404: "not found (404): no such domain or object on the server",
        410: "the domain was deleted (410)",
        500: "the server failed (500)",
        503: "the server is not ready (503)",
    }
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and link not in chain:
        chain.append(link)
        link = link.__cause__ or link.__context__
    for link in chain:
        code = getattr(link, "errno", None)
        if code in said:
            return said[code]
    for link in chain:
        low = str(link).lower()
        if "too many 503" in low:  # the retries met "not ready" answers
            return said[503]
        if "connection" in low or "max retries" in low or "refused" in low:
            return "cannot connect to the HSDS server (it stopped, or the network is down)"
        if "timed out" in low or "timeout" in low:
            return "no answer from the HSDS server in time"
    return str(exc) or type(exc).__name__
