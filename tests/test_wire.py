"""The codecs: what they send, what they accept, and what they refuse."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
from support.catalogs import SHOP, seed, shop

import statuskit
from statuskit.conformance import recordfile
from statuskit.conformance.observation import Observation
from statuskit.errors import UnsendableCodeError, UsageError, WireError
from statuskit.wire import httpjson, jsonfield, line, opcode, record, wsclose


@pytest.fixture
def events() -> Iterator[list[record.Event]]:
    seen: list[record.Event] = []
    stop = record.subscribe(seen.append)
    yield seen
    stop()


# -- line ---------------------------------------------------------------------------------------


def test_line_encode_and_decode_round_trip(events: list[record.Event]) -> None:
    space = seed("fmltp").space("status")
    data = line.encode(space.status(200))
    assert data == b"200 " + space[200].text().encode() + b"\r\n"
    back = line.decode(data, space)
    assert back.code == 200 and back.entry is space[200]
    assert [(e.direction, e.code, e.transport, e.catalog) for e in events] == [
        ("sent", 200, "line", "fmltp"),
        ("received", 200, "line", "fmltp"),
    ]


def test_line_text_cannot_inject_a_reply() -> None:
    space = seed("fmltp").space("status")
    data = line.encode(space.status(400, detail="x\r\n200 AUTH OK\n\x00\u2028\x85"), lines=["a\rb"])
    assert data.count(b"\r\n") == 2
    assert b"\n200" not in data and b"\x00" not in data
    reply = line.decode(data, space)
    assert reply.code == 400 and reply.data["lines"] == ["a b"]


def test_line_multi_line_reply() -> None:
    space = seed("fmltp").space("status")
    data = line.encode(space.status(200), lines=["second", "third"])
    assert data.endswith(b"200-second\r\n200 third\r\n") and data.startswith(b"200-")
    assert line.decode(data, space).data["lines"] == ["second", "third"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"200 ok\n", "CRLF"),
        (b"200 ok", "CRLF"),
        (b"20 ok\r\n", "3 digits"),
        (b"2000 ok\r\n", "3 digits"),
        (b"abc ok\r\n", "3 digits"),
        (b"200x ok\r\n", "column 4"),
        (b"200-a\r\n201 b\r\n", "code 201 inside a reply"),
        (b"200-a\r\n", "last line"),
        (b"200 a\r\n200 b\r\n", "more line"),
        (b"200 \xff\xfe\r\n", "UTF-8"),
        (b"200 a\x00b\r\n", "control"),
        (b"200 a\nb\r\n", "bare CR or LF"),
        ("200 ok\r\n", "bytes"),
    ],
)
def test_line_decode_is_strict(data: bytes, message: str) -> None:
    with pytest.raises(WireError, match=message):
        line.decode(data, seed("fmltp").space("status"))


def test_line_max_length_is_enforced() -> None:
    space = seed("fmltp").space("status")
    with pytest.raises(WireError, match="longer than 64"):
        line.decode(b"200 " + b"a" * 100 + b"\r\n", space, max_line=64)
    reader = line.LineReader(space, max_line=64)
    with pytest.raises(WireError, match="longer than 64"):
        reader.feed(b"200 " + b"a" * 100)
    assert not reader.pending


def test_line_reader_assembles_replies_from_pieces() -> None:
    space = seed("fmltp").space("status")
    reader = line.LineReader(space)
    stream = b"200-one\r\n200 two\r\n400 bad\r\n999 what\r\n"
    found: list[statuskit.Status] = []
    for i in range(len(stream)):
        found += reader.feed(stream[i : i + 1])
    assert [s.code for s in found] == [200, 400, 999]
    assert found[0].text() == "one" and found[0].data["lines"] == ["two"]
    assert found[2].entry is None
    assert not reader.pending


def test_line_reader_refuses_a_bare_lf() -> None:
    reader = line.LineReader(seed("fmltp").space("status"))
    with pytest.raises(WireError, match="bare"):
        reader.feed(b"200 a\nb")


# -- jsonfield ----------------------------------------------------------------------------------


def test_jsonfield_nemesisdb_style() -> None:
    space = seed("nemesisdb").space("st")
    message = jsonfield.encode(
        space.status(22, key="k"), path=("KV_GET_RSP", "st"), text_key=None, extra={"tkn": 7}
    )
    assert message == {"KV_GET_RSP": {"st": 22, "tkn": 7}}
    back = jsonfield.decode(json.dumps(message), space, path=("*", "st"), text_key=None)
    assert back.code == 22 and back.data == {"tkn": 7}


def test_jsonfield_pec_style() -> None:
    space = seed("pec").space("status")
    message = jsonfield.encode(space.status(722), extra={"sessionId": "s1"})
    assert message["status"] == 722 and isinstance(message["msg"], str) and message["sessionId"] == "s1"
    back = jsonfield.decode(json.dumps(message).encode(), space)
    assert back.code == 722 and back.text() == message["msg"] and back.data == {"sessionId": "s1"}


def test_jsonfield_undeclared_code_decodes() -> None:
    status = jsonfield.decode({"status": 1234, "msg": "?"}, seed("pec").space("status"))
    assert status.entry is None and status.code == 1234


@pytest.mark.parametrize(
    ("message", "error"),
    [
        (b"{", "not valid JSON"),
        (b"\xff", "UTF-8"),
        ("[1]", "must be an object"),
        ('{"msg": "x"}', "no member 'status'"),
        ('{"status": "722"}', "integer code"),
        ('{"status": true}', "integer code"),
        ('{"status": 7.5}', "integer code"),
        ('{"status": 722, "msg": 5}', "must be a string"),
        ("[" * 100000 + "]" * 100000, "nested"),
        (12, "JSON object, str or bytes"),
    ],
)
def test_jsonfield_decode_is_strict(message: object, error: str) -> None:
    with pytest.raises(WireError, match=error):
        jsonfield.decode(message, seed("pec").space("status"))  # type: ignore[arg-type]


def test_jsonfield_wildcard_needs_exactly_one_member() -> None:
    with pytest.raises(WireError, match="exactly one member"):
        jsonfield.decode({"A": {"st": 0}, "B": {}}, seed("nemesisdb").space("st"), path=("*", "st"))


def test_jsonfield_extra_cannot_replace_the_code() -> None:
    with pytest.raises(UsageError, match="status"):
        jsonfield.encode(seed("pec").space("status").status(722), extra={"status": 200})


# -- httpjson -----------------------------------------------------------------------------------


def test_httpjson_error_body_takes_http_status_from_field() -> None:
    space = seed("kapi").space("json")
    reply = httpjson.encode(space.status(50004))
    assert reply.status_code == 400
    assert json.loads(reply.body) == {"code": 50004, "message": "invalid body"}
    assert reply.headers["content-type"] == "application/json"
    assert httpjson.encode(space.status(40001)).status_code == 403  # the code's own field
    assert httpjson.encode(space.status(10002)).status_code == 404  # the 1xxxx default


def test_httpjson_5xx_hides_text_and_reports() -> None:
    space = seed("kapi").space("http")
    reported: list[tuple[str, int]] = []
    remove = httpjson.add_report_hook(lambda rid, st: reported.append((rid, st.code)))
    try:
        reply = httpjson.encode(space.status(500, detail="db password is hunter2"))
    finally:
        remove()
    body = json.loads(reply.body)
    assert reply.status_code == 500
    assert body["message"] == "Internal Server Error" and "hunter2" not in reply.body.decode()
    assert reported == [(body["report"], 500)]
    assert httpjson.encode(space.status(502), report="abc").json["report"] == "abc"


def test_problem_json() -> None:
    api = shop().space("api")
    reply = httpjson.problem(
        api.status(4001, item="lamp", detail="aisle 3"),
        type_base="https://shop.example/problems/",
        instance="/orders/1",
        order=1,
    )
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.status_code == 400
    assert json.loads(reply.body) == {
        "type": "https://shop.example/problems/4001",
        "title": "No such item",
        "status": 400,
        "detail": "item lamp does not exist: aisle 3",
        "instance": "/orders/1",
        "code": 4001,
        "order": 1,
    }
    with pytest.raises(UsageError, match="status"):
        httpjson.problem(api.status(2000), status=1)


def test_problem_json_default_type_names_catalog_and_space() -> None:
    reply = httpjson.problem(shop().space("api").status(4002))
    assert reply.json["type"] == "urn:statuskit:shop:api:4002"
    assert reply.status_code == 422


def test_problem_json_5xx_keeps_detail_private() -> None:
    reply = httpjson.problem(shop().space("api").status(5000, backend="secret-db"))
    assert reply.status_code == 503 and "secret-db" not in reply.body.decode()
    assert reply.json["report"] and reply.headers["content-type"] == "application/problem+json"


def test_httpjson_language_from_accept_language() -> None:
    status = shop().space("api").status(4001, item="x")
    reply = httpjson.encode(status, accept_language="fr;q=0.9, de-AT;q=0.8, *;q=0.1")
    assert reply.json["message"] == "Artikel x gibt es nicht"
    assert reply.headers["content-language"] == "de"
    plain = httpjson.encode(status, accept_language="fr, en")
    assert plain.json["message"] == "item x does not exist" and "content-language" not in plain.headers
    problem = httpjson.problem(status, accept_language="de-CH")
    assert problem.json["detail"] == "Artikel x gits nöd"


def test_httpjson_retry_after_header() -> None:
    reply = httpjson.encode(shop().space("api").status(4290))
    assert reply.status_code == 429 and reply.headers["retry-after"] == "30"


def test_httpjson_without_http_status_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="http_status"):
        httpjson.encode(seed("pec").space("status").status(722))
    assert httpjson.encode(seed("pec").space("status").status(822), http_status=400).status_code == 400


def test_httpjson_decode() -> None:
    space = seed("kapi").space("json")
    status = httpjson.decode(400, b'{"code": 50004, "message": "invalid body"}', space)
    assert status.code == 50004 and status.entry is space[50004] and status.text() == "invalid body"
    unknown = httpjson.decode(400, b'{"code": 50014, "message": "Invalid authentication token"}', space)
    assert unknown.entry is None and unknown.code == 50014
    http = seed("kapi").space("http")
    crashed = httpjson.decode(500, b'{"message": "Internal Server Error", "report": "r1"}', http)
    assert crashed.code == 500 and crashed.data == {"report": "r1"}
    assert httpjson.decode(404, b"", http).code == 404
    problem = httpjson.problem(shop().space("api").status(4002))
    assert httpjson.decode(problem.status_code, problem.body, shop().space("api")).code == 4002


@pytest.mark.parametrize(
    ("status_code", "body", "error"),
    [
        (400, b"<html>", "not valid JSON"),
        (400, b"[1]", "JSON object"),
        (400, b'{"code": "1"}', "integer"),
        (700, b"{}", "outside"),
    ],
)
def test_httpjson_decode_is_strict(status_code: int, body: bytes, error: str) -> None:
    with pytest.raises(WireError, match=error):
        httpjson.decode(status_code, body, seed("kapi").space("json"))


# -- wsclose ------------------------------------------------------------------------------------


def test_wsclose_encode() -> None:
    space = seed("kapi").space("close")
    assert wsclose.encode(space.status(4008)) == (4008, space[4008].text())


def test_wsclose_reason_is_cut_on_a_character_boundary() -> None:
    space = seed("kapi").space("close")
    code, reason = wsclose.encode(space.status(4000, detail="ü" * 200))
    encoded = reason.encode("utf-8")
    assert code == 4000 and len(encoded) <= 123 and len(encoded) >= 122
    assert reason.endswith("ü")


def test_wsclose_refuses_codes_applications_may_not_send() -> None:
    ws = statuskit.builtin("websocket").space()
    for code in (1005, 1006, 1015, 1001, 2999):
        with pytest.raises(UnsendableCodeError, match=str(code)):
            wsclose.encode(statuskit.Status.received(ws, code))
    assert wsclose.encode(ws.status(1000))[0] == 1000


def test_wsclose_decode() -> None:
    space = seed("kapi").space("close")
    assert wsclose.decode(4004, "bad token", space).entry is space[4004]
    assert wsclose.decode(4999, "", space).entry is None
    with pytest.raises(WireError, match="outside"):
        wsclose.decode(999, "", space)
    with pytest.raises(WireError, match="123"):
        wsclose.decode(4000, "x" * 124, space)


# -- opcode -------------------------------------------------------------------------------------


def test_opcode_frames() -> None:
    space = seed("kapi").space("opcode")
    assert opcode.encode(space.status(3), d={"heartbeat_interval": 45000}) == {
        "op": 3,
        "d": {"heartbeat_interval": 45000},
        "s": None,
        "t": None,
    }
    assert opcode.encode(space.status(1), a=True)["a"] is True
    got = opcode.decode(b'{"op": 4, "d": {"token": "t"}}', space)
    assert got.code == 4 and got.data["d"] == {"token": "t"}
    assert opcode.decode({"op": 6}, space).entry is None
    with pytest.raises(WireError, match="no 'op'"):
        opcode.decode("{}", space)
    with pytest.raises(WireError, match="integer"):
        opcode.decode({"op": "3"}, space)


# -- record -------------------------------------------------------------------------------------


def test_record_file_gets_one_json_line_per_emitted_status(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = os.path.join(str(tmp_path), "record.jsonl")
    monkeypatch.setenv(recordfile.ENVIRONMENT, path)
    recordfile.attach()
    space = seed("kapi").space("json")
    httpjson.encode(space.status(50004))
    httpjson.decode(400, b'{"code": 50004}', space)
    with open(path, encoding="utf-8") as stream:
        lines = [json.loads(x) for x in stream]
    assert lines == [
        {
            "catalog": "kapi",
            "space": "json",
            "code": 50004,
            "declared": True,
            "transport": "http",
            "direction": "sent",
            "pid": os.getpid(),
        }
    ]
    assert recordfile.read_record(path).observations == (
        Observation("kapi", "json", 50004, "http", "sent", True),
    )


def test_a_failing_subscriber_does_not_break_sending(events: list[record.Event]) -> None:
    def broken(event: record.Event) -> None:
        raise RuntimeError("boom")

    record.subscribe(broken)
    space = seed("kapi").space("close")
    assert wsclose.encode(space.status(4000))[0] == 4000
    assert wsclose.encode(space.status(4001))[0] == 4001
    assert [e.code for e in events] == [4000, 4001]


def test_record_of_an_unwritable_file_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(recordfile.ENVIRONMENT, "/nonexistent-dir/record.jsonl")
    recordfile.attach()
    before = recordfile.write_failures
    assert line.encode(seed("fmltp").space("status").status(200)).startswith(b"200 ")
    assert recordfile.write_failures == before + 1


def test_a_space_knows_its_catalog_id() -> None:
    from statuskit.wire.catalogs import catalog_id

    catalog = shop()
    assert catalog_id(catalog.space("api")) == "shop"
    other = statuskit.loads(SHOP.replace("catalog: shop", "catalog: shop2"), "shop2.yaml")
    assert catalog_id(other.space("api")) == "shop2"
    assert catalog_id(statuskit.builtin("http").space()) == "http"
