"""Operations in the catalog: loaded, checked, kept in canonical form, rendered and turned into OpenAPI paths."""

from __future__ import annotations

import json

import pytest
from conftest import CATALOGS, WriteCatalog
from openapi_spec_validator import validate

import statuskit
from statuskit.answers import Policy
from statuskit.canonical import catalog_to_data
from statuskit.codegen import generate
from statuskit.errors import LoadError
from statuskit.render import render

SHOP = """\
catalog: shop
spaces:
  - name: http
    transport: http
    extends: http
  - name: json
    transport: json
    groups:
      - {pattern: 1xxxx, title: Not found, defaults: {http: 404}}
      - {pattern: 4xxxx, title: Client errors, defaults: {http: 400}}
    codes:
      - {code: 10001, title: Unknown user}
      - {code: 40002, title: Bad name}
      - {code: 40006, title: Bad age}
operations:
  - name: get-user
    description: Read one user.
    http: {method: GET, route: "/users/{id}"}
    answers: {http: [200, 404], json: [10001]}
  - name: rename-user
    http: {method: patch, route: "/users/{id}"}
    answers: {http: [200, 4xx], json: [4xxxx]}
  - name: ping
    command: PING
    answers: {http: [200]}
always: {http: [503]}
"""


def test_operations_load_with_their_answers(write_catalog: WriteCatalog) -> None:
    catalog = statuskit.load(write_catalog(SHOP))
    get, rename, ping = catalog.operations
    assert (
        get.name == "get-user" and str(get.http) == "GET /users/{id}" and get.description == "Read one user."
    )
    assert rename.http is not None and rename.http.method == "PATCH"
    assert dict(get.answers) == {"http": (200, 404), "json": (10001,)}
    assert ping.command == "PING" and ping.keys == ("ping", "PING")
    assert dict(catalog.always) == {"http": (503,)}
    data = catalog_to_data(catalog)
    assert list(data)[-2:] == ["operations", "always"]
    assert data["operations"][1] == {
        "name": "rename-user",
        "http": {"method": "PATCH", "route": "/users/{id}"},
        "answers": {"http": [200, "4xx"], "json": ["4xxxx"]},
    }
    assert statuskit.loads(json.dumps(data), "again.json").operations == catalog.operations


def test_what_an_operation_may_send(write_catalog: WriteCatalog) -> None:
    policy = Policy(statuskit.load(write_catalog(SHOP)))
    get = policy.operation("GET /users/{id}")
    rename = policy.operation("rename-user")
    assert get is not None and rename is not None and get.name == "get-user"
    assert policy.allows(get, "json", 10001) and not policy.allows(get, "json", 40002)
    assert policy.allows(get, "http", 503)  # always
    assert policy.allows(rename, "json", 40006) and policy.allows(rename, "http", 418)  # groups
    assert policy.operation("DELETE /users/{id}") is None
    assert [op.name for op in policy.senders("http", 200)] == ["get-user", "rename-user", "ping"]
    assert policy.answers(rename)["json"].declared() == (40002, 40006)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  - name: a\n    answers: {}\n", "needs exactly one of 'http', 'command', 'line' or 'opcode'"),
        ("  - name: a\n    command: A\n    line: B\n", "needs exactly one of"),
        ("  - name: a\n    command: A\n  - name: a\n    command: B\n", "operation 'a' is declared twice"),
        ("  - name: a\n    command: A\n    answers: {s: [1.5]}\n", r"an answer is a code \(an integer\)"),
        ("  - name: a\n    http: {method: FETCH, route: /x}\n", "FETCH"),
        ("  - name: a\n    http: {method: GET, route: x}\n", "starts with '/'"),
        ("  - name: a\n    command: A\n    answer: {}\n", "did you mean 'answers'"),
    ],
)
def test_malformed_operations_are_load_errors(write_catalog: WriteCatalog, body: str, message: str) -> None:
    text = "catalog: c\nspaces:\n  - name: s\n    codes: [{code: 1}]\noperations:\n" + body
    with pytest.raises(LoadError, match=message) as caught:
        statuskit.load(write_catalog(text))
    assert caught.value.location is not None and caught.value.location.line is not None


def test_render_shows_operations_and_who_sends_each_code(write_catalog: WriteCatalog) -> None:
    catalog = statuskit.load(write_catalog(SHOP))
    markdown = render(catalog, "markdown")
    assert "| get-user: Read one user. | GET /users/{id} | http: 200, 404; json: 10001 |" in markdown
    assert "Any operation may also answer http: 503." in markdown
    page = render(catalog, "html")
    assert "<th>Sent by</th>" in page

    def row(code: int) -> str:
        start = page.index(f'<tr id="{code}"')
        return page[start : page.index("</tr>", start)]

    assert ">rename-user</td>" in row(40002)  # in rename-user's 4xxxx
    assert ">get-user</td>" in row(10001) and "rename-user" not in row(10001)


def test_openapi_paths_come_from_http_operations(write_catalog: WriteCatalog) -> None:
    doc = json.loads(generate(statuskit.load(write_catalog(SHOP)), "openapi"))
    validate(doc)
    assert set(doc["paths"]) == {"/users/{id}"}
    get = doc["paths"]["/users/{id}"]["get"]
    assert get["operationId"] == "get-user" and get["parameters"][0]["name"] == "id"
    assert set(get["responses"]) == {"200", "404", "503"}
    assert "content" not in get["responses"]["200"]
    examples = get["responses"]["404"]["content"]["application/json"]["examples"]
    assert list(examples) == ["ShopJson_10001"]
    rename = doc["paths"]["/users/{id}"]["patch"]["responses"]
    assert set(rename) == {"200", "400", "4XX", "503"}
    assert set(rename["400"]["content"]["application/json"]["examples"]) == {
        "ShopJson_40002",
        "ShopJson_40006",
    }


@pytest.mark.parametrize("name", ["fmltp", "nemesisdb", "pec", "kapi"])
def test_bundled_catalogs_declare_operations_that_check(name: str) -> None:
    from statuskit.check import Config, check_catalog

    catalog = statuskit.load(CATALOGS / f"{name}.yaml")
    assert catalog.operations
    config = Config.default()
    config.select(["operation-answers"])
    assert list(check_catalog(catalog, config)) == []
    policy = Policy(catalog)
    for operation in catalog.operations:
        assert any(allowed.declared() for allowed in policy.answers(operation).values()), operation.name


def test_diff_flags_an_added_answer_for_review_and_a_removed_one_as_compatible(
    write_catalog: WriteCatalog,
) -> None:
    from statuskit.evolve.diff import diff_catalogs

    old = statuskit.load(write_catalog(SHOP, "old.yaml"))
    text = (
        SHOP.replace(
            "answers: {http: [200, 404], json: [10001]}", "answers: {http: [200, 404, 409], json: []}"
        )
        .replace("  - name: ping\n    command: PING\n    answers: {http: [200]}\n", "")
        .replace("always: {http: [503]}", "always: {http: [503, 502]}")
    )
    new = statuskit.load(write_catalog(text, "new.yaml"))
    found = {(c.kind, c.space, c.code, c.breaking, c.review) for c in diff_catalogs(old, new)}
    assert found == {
        ("operation-removed", None, None, True, False),
        ("answer-added", "http", 409, True, True),
        ("answer-removed", "json", 10001, False, False),
        ("answer-added", "http", 502, True, True),
    }
