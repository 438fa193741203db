"""Conformance coverage for pytest: prove a server sends only the codes its catalog declares.

A test module declares the catalog its server speaks::

    pytestmark = pytest.mark.statuskit(
        catalog="catalogs/fmltp.yaml", unreachable={"status": {913: "why it cannot be reached"}}
    )

``spaces=[...]`` and ``operations=[...]`` scope what the module is responsible for covering.

At the start of the session ``STATUSKIT_RECORD`` is set to a fresh file (unless it is set
already), so servers started as subprocesses append every status they send; statuses sent in
this process are seen directly. At the end each declared catalog is checked: a code it does not
declare, or that an operation sends outside its declared answers (naming the operation, the code
and the tests), fails the run, and a coverage table shows what was exercised and what never was,
per space and per operation. ``--statuskit-fail-under PERCENT`` fails a run whose coverage of
declared answers (of codes, for catalogs without operations) is below PERCENT.
``--statuskit-record FILE`` saves the merged record for ``statuskit coverage FILE``. The fixture
``statuskit_record`` gives what was recorded so far. With no catalog declared the plugin is silent.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import pytest

from ..argtypes import percent

if TYPE_CHECKING:
    from ..conformance.coverage import Coverage, Declared
    from ..conformance.observation import Observation
    from ..model import Catalog
    from ..wire.record import Event

MARKER = "statuskit"
PLUGIN_NAME = "statuskit-coverage"
_ACTIVE: list[_Session] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("statuskit", "statuskit conformance coverage")
    group.addoption(
        "--statuskit-record",
        metavar="FILE",
        default=None,
        help="write the merged record of emitted statuses to FILE (read it with 'statuskit coverage FILE')",
    )
    group.addoption(
        "--statuskit-fail-under",
        metavar="PERCENT",
        type=percent,
        default=None,
        help="fail when the coverage of declared answers (or codes) of a catalog is below PERCENT",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "statuskit(catalog, unreachable=None, spaces=None, operations=None): the catalog the server "
        "under test speaks; unreachable maps space name to {code: reason}; spaces and operations "
        "scope what the module must cover",
    )
    if getattr(config, "workerinput", None) is not None:
        return  # an xdist worker: its controller records
    session = _Session(config)
    config.pluginmanager.register(session, PLUGIN_NAME)
    config.add_cleanup(session.close)


class _Session:
    """The plugin's state for one pytest session (pytester may nest sessions in one process)."""

    def __init__(self, config: pytest.Config) -> None:
        from ..conformance import recordfile
        from ..wire import record

        self.config = config
        self.rootpath = Path(config.rootpath)
        self.declared: dict[str, Declared] = {}
        self.declared_by_path: dict[str, Catalog] = {}
        self.paths: dict[str, str] = {}
        self.events: list[Observation] = []
        self.event_tests: list[str | None] = []
        self.remote: list[Observation] = []
        self.remote_tests: list[str | None] = []
        self.test: str | None = None
        self.coverages: list[Coverage] = []
        self.problems: list[str] = []
        self.below: list[str] = []
        self.record_env = recordfile.ENVIRONMENT
        self.previous_env = os.environ.get(self.record_env)
        self.own_file: str | None = None
        if self.previous_env:
            self.file = self.previous_env
        else:
            handle, self.file = tempfile.mkstemp(prefix="statuskit-record-", suffix=".jsonl")
            os.close(handle)
            self.own_file = self.file
            os.environ[self.record_env] = self.file
        try:
            self.offset = os.path.getsize(self.file)
        except OSError:
            self.offset = 0
        self.pid = os.getpid()
        self._unsubscribe: Callable[[], None] | None = record.subscribe(self._seen)
        recordfile.attach()
        _ACTIVE.append(self)

    # -- recording -------------------------------------------------------------------------------

    def _seen(self, event: Event) -> None:
        if _ACTIVE and _ACTIVE[-1] is not self:
            return  # a session nested in this process (pytester) records for itself
        from ..conformance.observation import Observation

        self.events.append(Observation.of_event(event))
        self.event_tests.append(self.test)

    def observations(self) -> list[Observation]:
        """In-process events, then what other processes appended to the record file since the start."""
        return self.events + self.appended()

    def appended(self) -> list[Observation]:
        """What other processes appended to the record file since the session started."""
        from ..conformance.recordfile import read_appended

        found, self.offset = read_appended(self.file, self.offset, skip_pid=self.pid)
        self.remote += found
        self.remote_tests += [self.test] * len(found)
        return list(self.remote)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        self.appended()  # what arrived before this test is not this test's
        self.test = item.nodeid
        try:
            return (yield)
        finally:
            self.appended()
            self.test = None

    def tests_of(self, catalog: str, operation: str, space: str, code: int | str) -> list[str]:
        """The tests during which ``operation`` sent ``code`` (statuses are matched by operation name)."""
        declared = self.declared.get(catalog)
        if declared is None:
            return []
        from ..answers import Policy

        policy = Policy(declared.catalog)
        found: list[str] = []
        pairs = [
            *zip(self.events, self.event_tests, strict=True),
            *zip(self.remote, self.remote_tests, strict=True),
        ]
        for item, test in pairs:
            if test is None or test in found or item.operation is None:
                continue
            named = policy.operation(item.operation)
            if (
                named is not None
                and named.name == operation
                and (item.space, item.code) == (space, code)
                and item.catalog in (catalog, "?")
            ):
                found.append(test)
        return found

    # -- declarations ----------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        for mark in item.iter_markers(MARKER):
            message = self._declare(mark)
            if message is not None:
                pytest.fail(f"pytest.mark.statuskit: {message}", pytrace=False)

    def _declare(self, mark: pytest.Mark) -> str | None:
        from ..conformance.coverage import Declared
        from ..errors import StatuskitError

        if mark.args:
            return "give the catalog as a keyword: pytest.mark.statuskit(catalog='catalogs/x.yaml')"
        unknown = set(mark.kwargs) - {"catalog", "unreachable", "spaces", "operations"}
        if unknown:
            return (
                f"unknown argument(s) {', '.join(sorted(unknown))}; "
                "expected catalog, unreachable, spaces and operations"
            )
        reference = mark.kwargs.get("catalog")
        if not isinstance(reference, str | os.PathLike):
            return "catalog= must be the path of a catalog file (relative to the rootdir)"
        key = os.fspath(reference)
        try:
            catalog, shown = self._load(key)
        except StatuskitError as error:
            return str(error)
        unreachable, problem = _unreachable(mark.kwargs.get("unreachable"), catalog)
        if problem is not None:
            return problem
        spaces, problem = _scope(mark.kwargs.get("spaces"), "spaces", [s.name for s in catalog.spaces])
        if problem is not None:
            return problem
        known = [key for op in catalog.operations for key in op.keys]
        operations, problem = _scope(mark.kwargs.get("operations"), "operations", known)
        if problem is not None:
            return problem
        existing = self.declared.get(catalog.id)
        if existing is not None:
            if existing.path != shown:
                return f"catalog id {catalog.id!r} is declared by two files: {existing.path} and {shown}"
            merged = {space: dict(codes) for space, codes in existing.unreachable.items()}
            for space, codes in unreachable.items():
                merged.setdefault(space, {}).update(codes)
            unreachable = merged
            spaces = _union(existing.spaces, spaces)
            operations = _union(existing.operations, operations)
        self.declared[catalog.id] = Declared(catalog, shown, unreachable, spaces, operations)
        return None

    def _load(self, key: str) -> tuple[Catalog, str]:
        from ..errors import LoadError, Location
        from ..loading import loads
        from ..loading.utf8 import read_text

        path = Path(key)
        full = path if path.is_absolute() else self.rootpath / path
        cached = self.declared_by_path.get(str(full))
        if cached is not None:
            return cached, key
        if not full.exists():
            import statuskit

            try:
                catalog = statuskit.builtin(key)
            except Exception:
                raise LoadError(f"no such catalog file (looked in {self.rootpath})", Location(key)) from None
        else:
            shown = key if not path.is_absolute() else str(full)
            catalog = loads(read_text(str(full)), shown)
        self.declared_by_path[str(full)] = catalog
        return catalog, key

    # -- the end ---------------------------------------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        from ..conformance.coverage import compute, match
        from ..conformance.recordfile import record_to_json
        from ..fileio import atomic_write

        observations = match(self.observations(), [d.catalog for d in self.declared.values()])
        self.coverages = [
            compute(declared, [o for o in observations if o.catalog == catalog_id])
            for catalog_id, declared in sorted(self.declared.items())
        ]
        target = self.config.getoption("statuskit_record")
        if target:
            try:
                atomic_write(target, record_to_json(self.declared.values(), observations))
            except Exception as error:
                self.problems.append(f"cannot write the record: {error}")
        threshold = self.config.getoption("statuskit_fail_under")
        if threshold is not None:
            for coverage in self.coverages:
                if coverage.ratio * 100 < threshold:
                    what = "declared answers" if coverage.operations else "declared codes"
                    self.below.append(
                        f"catalog {coverage.catalog}: coverage of {what} is {coverage.ratio:.1%}, "
                        f"below --statuskit-fail-under {threshold:g}%"
                    )
        failed = any(c.failed for c in self.coverages) or self.below
        if failed and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        from ..conformance.report import to_text

        if not self.coverages and not self.problems:
            return
        writer = terminalreporter
        undeclared = [u for c in self.coverages for u in c.undeclared]
        if undeclared:
            writer.section("statuskit: undeclared codes were sent", sep="=", red=True, bold=True)
            for item in undeclared:
                writer.line(str(item), red=True)
        outside = [o for c in self.coverages for o in c.outside]
        if outside:
            writer.section(
                "statuskit: operations sent codes outside their answers", sep="=", red=True, bold=True
            )
            for sent in outside:
                tests = self.tests_of(sent.catalog, sent.operation, sent.space, sent.code)
                shown = f" (in {', '.join(tests)})" if tests else ""
                writer.line(f"{sent}{shown}", red=True)
        for line in self.below:
            writer.line(f"statuskit: {line}", red=True)
        if self.coverages:
            writer.section("statuskit coverage", sep="-")
            for text_line in to_text(self.coverages).splitlines():
                writer.line(text_line)
        for problem in self.problems:
            writer.line(f"statuskit: {problem}", yellow=True)

    def close(self) -> None:
        if self in _ACTIVE:
            _ACTIVE.remove(self)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.own_file is not None:
            if os.environ.get(self.record_env) == self.own_file:
                del os.environ[self.record_env]
            with contextlib.suppress(OSError):
                os.unlink(self.own_file)
            self.own_file = None


def _scope(raw: Any, what: str, known: list[str]) -> tuple[frozenset[str] | None, str | None]:
    if raw is None:
        return None, None
    if isinstance(raw, str) or not isinstance(raw, Sequence | set | frozenset):
        return None, f"{what}= must be a list of names"
    names = frozenset(raw)
    for name in sorted(names, key=str):
        if not isinstance(name, str) or name not in known:
            shown = ", ".join(dict.fromkeys(known)) or "none"
            return None, f"{what}= names {name!r}, which the catalog does not declare (known: {shown})"
    return names, None


def _union(first: frozenset[str] | None, second: frozenset[str] | None) -> frozenset[str] | None:
    """Two modules' scopes together; a module without a scope is responsible for everything."""
    if first is None or second is None:
        return None
    return first | second


def _unreachable(raw: Any, catalog: Catalog) -> tuple[dict[str, dict[int | str, str]], str | None]:
    if raw is None:
        return {}, None
    if not isinstance(raw, Mapping):
        return {}, "unreachable= must map a space name to {code: reason}"
    names = [s.name for s in catalog.spaces]
    result: dict[str, dict[int | str, str]] = {}
    for space, codes in raw.items():
        if space not in names:
            known = ", ".join(names)
            return {}, f"unreachable names space {space!r}; catalog {catalog.id!r} has {known}"
        if not isinstance(codes, Mapping):
            return {}, f"unreachable[{space!r}] must map codes to reasons"
        for code, reason in codes.items():
            if isinstance(code, bool) or not isinstance(code, int):
                return {}, f"unreachable[{space!r}]: codes are integers, not {code!r}"
            if not isinstance(reason, str) or not reason.strip():
                return {}, f"unreachable[{space!r}][{code}]: give the reason as a non-empty string"
            result.setdefault(space, {})[code] = reason
    return result, None


# -- the fixture -----------------------------------------------------------------------------------


class StatuskitRecord(Sequence["Observation"]):
    """What was recorded so far in this session (read afresh on every access)."""

    def __init__(self, session: _Session | None) -> None:
        self._session = session
        self._start = (len(session.events), len(session.appended())) if session is not None else (0, 0)

    def _all(self) -> list[Observation]:
        return self._session.observations() if self._session is not None else []

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> Observation: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Observation]: ...
    def __getitem__(self, index: int | slice) -> Observation | Sequence[Observation]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Observation]:
        return iter(self._all())

    def during_test(self) -> list[Observation]:
        """Only what was recorded since the current test started."""
        if self._session is None:
            return []
        here, there = self._start
        return self._session.events[here:] + self._session.appended()[there:]

    def codes(
        self, space: str | None = None, *, catalog: str | None = None, direction: str | None = "sent"
    ) -> set[int | str]:
        """The codes recorded, narrowed to a space, a catalog and a direction (None: both)."""
        return {
            o.code
            for o in self._all()
            if (space is None or o.space == space)
            and (catalog is None or o.catalog == catalog)
            and (direction is None or o.direction == direction)
        }


@pytest.fixture
def statuskit_record(request: pytest.FixtureRequest) -> StatuskitRecord:
    """The statuses recorded so far: catalog id, space, code, transport and direction of each."""
    session = request.config.pluginmanager.get_plugin(PLUGIN_NAME)
    if not isinstance(session, _Session):
        return StatuskitRecord(None)
    return StatuskitRecord(session)
