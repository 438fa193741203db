from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CATALOGS, WriteCatalog

import statuskit
from statuskit.errors import TemplateError, UnknownCodeError, UnknownSpaceError, UsageError

CATALOG = """
catalog: demo
spaces:
  - name: status
    digits: 3
    fields:
      retryable: {type: boolean}
    groups:
      - {pattern: 4xx, title: Failure, defaults: {outcome: failure, retryable: false}}
      - {pattern: 42x, title: Transient, defaults: {retryable: true}}
      - {pattern: 2xx, title: Success, defaults: {outcome: success}}
      - {name: session, codes: [200, 421]}
    codes:
      - {code: 200, name: Ok, title: OK}
      - {code: 404, name: KeyNotFound, title: Not found, message: "key {key} does not exist",
         aliases: [NoSuchKey], i18n: {de: {message: "Schlüssel {key} fehlt", title: Nicht gefunden}}}
      - {code: 421, name: busy, fields: {retryable: false}}
      - {code: 422, name: slow-down, deprecated: use 421}
    retired:
      - {code: 410, name: gone, reason: replaced by 404}
"""


@pytest.fixture
def space(write_catalog: WriteCatalog) -> statuskit.Space:
    return statuskit.load(write_catalog(CATALOG)).space("status")


def test_index_by_code_and_name(space: statuskit.Space) -> None:
    assert space[404].name == "KeyNotFound"
    assert space.by_name("KeyNotFound") is space[404]
    assert space.by_name("key-not-found") is space[404]
    assert space.by_name("KEY_NOT_FOUND") is space[404]
    assert space.by_name("NoSuchKey") is space[404], "aliases stay accepted"
    assert space.lookup("404") is space[404]
    assert space.get(999) is None
    assert 404 in space and 999 not in space


def test_unknown_code_names_the_nearest(space: statuskit.Space) -> None:
    with pytest.raises(UnknownCodeError) as error:
        space[405]
    assert "405" in str(error.value)
    assert 404 in error.value.nearest
    with pytest.raises(UnknownCodeError, match="retired"):
        space[410]
    with pytest.raises(UnknownCodeError, match="did you mean KeyNotFound"):
        space.by_name("KeyNotFund")


def test_groups_are_derived_broadest_first(space: statuskit.Space) -> None:
    assert [g.key for g in space[421].groups] == ["4xx", "42x", "session"]
    assert [g.key for g in space[200].groups] == ["2xx", "session"]


def test_field_defaults_narrowest_group_wins_and_code_overrides(space: statuskit.Space) -> None:
    assert space[404].field("retryable") is False
    assert space[422].field("retryable") is True
    assert space[421].field("retryable") is False
    assert space[404].outcome == "failure"
    assert space[200].ok and not space[404].ok
    assert space[200].field("missing", "default") == "default"


def test_selection_by_intersection() -> None:
    fmltp = statuskit.load(CATALOGS / "fmltp.yaml").space()
    assert [c.code for c in fmltp.select("11x", "1x0")] == [110]
    assert [c.code for c in fmltp.select("1x2")] == [102, 112, 122]


def test_space_is_immutable(space: statuskit.Space) -> None:
    with pytest.raises(TypeError):
        space[500] = space[404]  # type: ignore[index]
    with pytest.raises(TypeError):
        space.name = "other"
    with pytest.raises(TypeError):
        del space[404]
    with pytest.raises(AttributeError):
        space[404].title = "changed"  # type: ignore[misc]


def test_message_templates_and_translations(space: statuskit.Space) -> None:
    status = space.status(404, key="a")
    assert status.text() == "key a does not exist"
    assert status.text(lang="de-AT") == "Schlüssel a fehlt"
    assert status.text(lang="fr") == "key a does not exist"
    assert space[404].translated("title", "de") == "Nicht gefunden"
    with pytest.raises(TemplateError, match="missing key"):
        space.status(404)
    with pytest.raises(TemplateError, match="unknown other"):
        space.status(404, key="a", other=1)
    with pytest.raises(TemplateError):
        space.status(200, key="a")


def test_error_carries_the_status(space: statuskit.Space) -> None:
    with pytest.raises(statuskit.StatusError) as raised:
        raise space.error(404, key="k", detail="while reading")
    assert raised.value.status.code == 404
    assert "key k does not exist: while reading" in str(raised.value)


def test_received_undeclared_status_is_a_value(space: statuskit.Space) -> None:
    status = statuskit.Status.received(space, 499, text="odd")
    assert status.entry is None
    assert status.outcome == "failure", "group defaults apply to undeclared codes too"
    assert status.text() == "odd"


def test_catalog_space_lookup_errors(write_catalog: WriteCatalog) -> None:
    catalog = statuskit.load(CATALOGS / "kapi.yaml")
    with pytest.raises(UnknownSpaceError, match="did you mean close"):
        catalog.space("closed")
    with pytest.raises(UsageError, match="4 spaces"):
        catalog.space()
    assert [c.code for c in catalog.find(0)] == [0, 0]


def test_extends_takes_codes_and_groups_from_a_builtin() -> None:
    http = statuskit.load(CATALOGS / "kapi.yaml").space("http")
    assert http[500].title == "Internal Server Error"
    assert http[404].name == "NOT FOUND", "own codes shadow the builtin"
    assert http[200].outcome == "success"
    assert [g.key for g in http.groups_of(503)] == ["5xx", "5xx"]
    assert http.by_name("GATEWAY_TIMEOUT").code == 504


def test_builtins() -> None:
    http = statuskit.builtin("http").space()
    assert http[404].title == "Not Found"
    assert http.by_name("REQUEST_ENTITY_TOO_LARGE").code == 413
    grpc = statuskit.builtin("grpc").space()
    assert len(grpc.codes) == 17 and grpc[5].name == "NOT_FOUND"
    websocket = statuskit.builtin("websocket").space()
    assert websocket[1006].field("sendable") is False
    with pytest.raises(LookupError, match="expected one of"):
        statuskit.builtin("ftp")


def test_path_objects_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"catalog": "c", "spaces": [{"name": "s", "codes": [{"code": 1}]}]}')
    assert statuskit.load(path).space("s")[1].code == 1
