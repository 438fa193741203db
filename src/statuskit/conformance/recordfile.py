"""The record file: its one writer and its one reader.

Two shapes share one set of members per observation (:meth:`Observation.to_json`):

- **record lines**, appended while servers run: when the environment variable
  ``STATUSKIT_RECORD`` names a file, every status this process sends is appended to it as one
  JSON line (``{"catalog", "space", "code", "declared", "transport", "direction", "pid"}``, and
  ``"operation"`` when the status answered a known operation).
  The file is opened in append mode and each line is one write, so several processes (a test
  run and the servers it starts) share it; ``pid`` tells a process its own lines. A file that
  cannot be written is skipped (:data:`write_failures` counts it): recording never disturbs the
  server. :func:`attach` subscribes the writer to the runtime's bus; ``import statuskit``
  attaches it in every process started with ``STATUSKIT_RECORD`` set, and the pytest plugin in
  its own.
- **a merged record**, written by the pytest plugin's ``--statuskit-record FILE``::

    {"statuskit_record": 1,
     "catalogs": [{"id": "fmltp", "path": "/abs/catalogs/fmltp.yaml",
                   "unreachable": {"status": {"913": "why"}}}],
     "observations": [{"catalog": "fmltp", "space": "status", "code": 200, "declared": true,
                       "transport": "line", "direction": "sent", "count": 3}]}

:func:`read_record` reads either shape; :func:`read_appended` reads the lines other processes
appended since an offset, skipping a line still being written.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Location
from ..errors import RecordError as RecordError  # raised here; also importable from here
from ..wire import record as bus
from .observation import Observation

if TYPE_CHECKING:
    from .coverage import Declared

ENVIRONMENT = "STATUSKIT_RECORD"
FORMAT_VERSION = 1
MAX_SIZE = 256 * 1024 * 1024
write_failures = 0


# -- writing record lines ---------------------------------------------------------------------------

# ``os.environ.get`` costs more than encoding a short reply; the mapping underneath it is kept
# up to date by ``os.environ`` itself, so read that directly where it exists.
_ENV_DATA: dict[Any, Any] | None = getattr(os.environ, "_data", None)
_ENV_KEY: Any = os.environ.encodekey(ENVIRONMENT) if hasattr(os.environ, "encodekey") else ENVIRONMENT
_files: dict[str, int] = {}
_attached: list[bool] = []


def record_path() -> str | None:
    """The file ``STATUSKIT_RECORD`` names now, or None."""
    if _ENV_DATA is None:
        return os.environ.get(ENVIRONMENT) or None
    raw = _ENV_DATA.get(_ENV_KEY)
    if not raw:
        return None
    return os.fsdecode(raw) if isinstance(raw, bytes) else str(raw)


def attach() -> None:
    """Append every status this process sends to ``$STATUSKIT_RECORD`` (read at each status).

    Idempotent: a second call does nothing.
    """
    if not _attached:
        _attached.append(True)
        bus.subscribe(_write_event)


def _write_event(event: bus.Event) -> None:
    if event.direction != "sent":
        return
    path = record_path()
    if path:
        append(path, Observation.of_event(event))


def append(path: str, observation: Observation) -> None:
    """Append one record line for ``observation`` to ``path`` (failures are counted, not raised)."""
    global write_failures
    members = observation.to_json()
    members["pid"] = os.getpid()
    line = (json.dumps(members, ensure_ascii=True) + "\n").encode("ascii")
    try:
        descriptor = _files.get(path)
        if descriptor is None:
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            _files[path] = descriptor
        os.write(descriptor, line)
    except OSError:
        write_failures += 1
        stale = _files.pop(path, None)
        if stale is not None:
            with contextlib.suppress(OSError):
                os.close(stale)


# -- writing a merged record ------------------------------------------------------------------------


def record_to_json(declared: Iterable[Declared], observations: Iterable[Observation]) -> str:
    """The merged record file's text; equal observations are counted, not repeated."""
    counts: Counter[Observation] = Counter(observations)
    return (
        json.dumps(
            {
                "statuskit_record": FORMAT_VERSION,
                "catalogs": [
                    {
                        "id": d.catalog.id,
                        "path": d.path,
                        "unreachable": {
                            space: {str(code): reason for code, reason in codes.items()}
                            for space, codes in d.unreachable.items()
                        },
                        **({"spaces": sorted(d.spaces)} if d.spaces is not None else {}),
                        **({"operations": sorted(d.operations)} if d.operations is not None else {}),
                    }
                    for d in declared
                ],
                "observations": [
                    {**item.to_json(), "count": count}
                    for item, count in sorted(
                        counts.items(),
                        key=lambda pair: (
                            pair[0].catalog,
                            pair[0].space,
                            pair[0].code,
                            pair[0].operation or "",
                        ),
                    )
                ],
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )


# -- reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    """A record file: declared catalogs (paths, unreachable codes) and observations."""

    catalogs: tuple[dict[str, Any], ...]
    observations: tuple[Observation, ...]


def read_record(path: str | os.PathLike[str]) -> Record:
    """A merged record file, or the raw JSON lines of ``STATUSKIT_RECORD``."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as stream:
            raw = stream.read(MAX_SIZE + 1)
    except OSError as error:
        raise RecordError(f"{Location(name)}: cannot read: {error.strerror}") from None
    if len(raw) > MAX_SIZE:
        raise RecordError(f"{Location(name)}: larger than 256 MiB; not a record file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RecordError(f"{Location(name, line)}: not valid UTF-8") from None
    if not text.strip():
        return Record((), ())
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    except RecursionError:
        raise RecordError(f"{Location(name)}: nested too deeply") from None
    if isinstance(whole, dict) and "statuskit_record" in whole:
        return _merged(name, whole)
    return _lines(name, text)


def read_appended(path: str, offset: int, *, skip_pid: int | None = None) -> tuple[list[Observation], int]:
    """The record lines appended to ``path`` after byte ``offset``, without ``skip_pid``'s own,
    and the offset to read on from (after the last whole line).

    Lenient, as a file that other processes are still writing must be read: lines that are not
    records are skipped, a line still being written is left for the next call, and a file that
    cannot be read gives nothing.
    """
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            data = stream.read()
    except OSError:
        return [], offset
    end = data.rfind(b"\n") + 1
    found: list[Observation] = []
    for raw in data[:end].splitlines():
        try:
            item = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        if _is_observation(item) and (skip_pid is None or item.get("pid") != skip_pid):
            found.append(_observation(item))
    return found, offset + end


def _merged(name: str, whole: dict[str, Any]) -> Record:
    catalogs = whole.get("catalogs", [])
    items = whole.get("observations", [])
    if not isinstance(catalogs, list) or not isinstance(items, list):
        raise RecordError(f"{Location(name)}: 'catalogs' and 'observations' must be lists")
    observations: list[Observation] = []
    for index, item in enumerate(items):
        if not _is_observation(item):
            raise RecordError(
                f"{Location(name)}: observation {index + 1} is not a record entry: {item!r:.80}"
            )
        count = item.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= 10**9:
            raise RecordError(f"{Location(name)}: observation {index + 1} has a bad count {count!r:.20}")
        observations.extend([_observation(item)] * count)
    for index, entry in enumerate(catalogs):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise RecordError(f"{Location(name)}: catalog {index + 1} must be an object with an 'id'")
    return Record(tuple(catalogs), tuple(observations))


def _lines(name: str, text: str) -> Record:
    observations: list[Observation] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (ValueError, RecursionError):
            raise RecordError(
                f"{Location(name, number)}: expected a record line (a JSON object) or a merged record"
            ) from None
        if not _is_observation(item):
            raise RecordError(f"{Location(name, number)}: not a record entry (needs catalog, space, code)")
        observations.append(_observation(item))
    return Record((), tuple(observations))


def _is_observation(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("catalog"), str)
        and isinstance(item.get("space"), str)
        and isinstance(item.get("code"), int | str)
        and not isinstance(item.get("code"), bool)
    )


def _observation(item: Mapping[str, Any]) -> Observation:
    return Observation(
        str(item["catalog"]),
        str(item["space"]),
        item["code"],
        str(item.get("transport", "?")),
        str(item.get("direction", "sent")),
        bool(item.get("declared", True)),
        operation if isinstance(operation := item.get("operation"), str) else None,
    )


def unreachable_from(entry: Mapping[str, Any]) -> dict[str, dict[int | str, str]]:
    """The ``unreachable`` member of a record's catalog entry, with integer codes."""
    raw = entry.get("unreachable") or {}
    result: dict[str, dict[int | str, str]] = {}
    if isinstance(raw, dict):
        for space, codes in raw.items():
            if isinstance(codes, dict):
                result[str(space)] = {
                    int(k): str(v) for k, v in codes.items() if str(k).lstrip("-").isdigit()
                }
    return result


def scope_from(entry: Mapping[str, Any]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The ``spaces`` and ``operations`` a record's catalog entry scopes coverage to (None: all)."""
    found: list[frozenset[str] | None] = []
    for key in ("spaces", "operations"):
        raw = entry.get(key)
        found.append(frozenset(str(x) for x in raw) if isinstance(raw, list) else None)
    return found[0], found[1]
