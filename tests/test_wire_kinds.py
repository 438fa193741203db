"""Statuses and codecs with codes of every kind: string codes in JSON bodies, hex on the wire."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import statuskit
from statuskit.errors import WireError
from statuskit.registries import builtin
from statuskit.wire import httpjson, jsonfield, line, wsclose

KINDS = Path(__file__).parent / "fixtures" / "kinds" / "kinds.yaml"


@pytest.fixture(scope="module")
def catalog() -> statuskit.Catalog:
    return statuskit.load(KINDS)


def test_status_of_a_string_code(catalog: statuskit.Catalog) -> None:
    sqlstate = catalog.space("sqlstate")
    status = sqlstate.status("22P02")
    assert status.code == "22P02" and status.declared and status.shown == "22P02"
    assert [g.key for g in status.groups] == ["22xxx"]
    assert sqlstate.status("invalid_text_representation") == status
    hresult = catalog.space("hresult")
    assert hresult.status("0x8007000E").code == 0x8007000E
    assert hresult.status(0x8007000E).shown == "0x8007000E"


def test_jsonfield_round_trips_a_string_code(catalog: statuskit.Catalog) -> None:
    sqlstate = catalog.space("sqlstate")
    message = jsonfield.encode(sqlstate.status("22012"), path=("error", "code"), text_key="message")
    assert message == {"error": {"code": "22012", "message": "Division by zero"}}
    back = jsonfield.decode(json.dumps(message), sqlstate, path=("error", "code"), text_key="message")
    assert back.code == "22012" and back.entry is sqlstate["22012"]
    unknown = jsonfield.decode({"status": "22999"}, sqlstate)
    assert unknown.code == "22999" and not unknown.declared
    with pytest.raises(WireError, match="must be a string code matching"):
        jsonfield.decode({"status": 22012}, sqlstate)
    with pytest.raises(WireError, match="must be a string code matching"):
        jsonfield.decode({"status": "22-P2"}, sqlstate)


def test_httpjson_bodies_whose_code_is_a_string(catalog: statuskit.Catalog) -> None:
    stripe = catalog.space("stripe")
    reply = httpjson.encode(stripe.status("card_declined"), http_status=402)
    body = json.loads(reply.body)
    assert body["code"] == "card_declined"
    back = httpjson.decode(402, reply.body, stripe)
    assert back.code == "card_declined" and back.declared
    decoded = httpjson.decode(400, b'{"code": "rate_limit", "message": "slow down"}', stripe)
    assert decoded.entry is stripe["rate_limit"] and decoded.wire_text == "slow down"


def test_hex_codes_travel_as_integers_and_are_read_in_either_form(catalog: statuskit.Catalog) -> None:
    hresult = catalog.space("hresult")
    message = jsonfield.encode(hresult.status("0x80004005"))
    assert message["status"] == 0x80004005
    assert jsonfield.decode({"status": "0x80004005"}, hresult).code == 0x80004005
    assert jsonfield.decode({"status": 0x80004005}, hresult).declared


def test_negative_codes_of_json_rpc() -> None:
    errors = builtin("jsonrpc").space()
    message = jsonfield.encode(errors.status(-32601), path=("error", "code"), text_key="message")
    assert message == {"error": {"code": -32601, "message": "Method not found"}}
    assert (
        jsonfield.decode(message, errors, path=("error", "code"), text_key="message").name == "MethodNotFound"
    )


def test_line_and_close_codecs_refuse_what_they_cannot_carry(catalog: statuskit.Catalog) -> None:
    smtp = catalog.space("smtp")
    assert line.encode(smtp.status("5.1.1")) == b"5.1.1 Bad destination mailbox address\r\n"
    with pytest.raises(WireError, match="cannot be sent by an application"):
        wsclose.encode(catalog.space("stripe").status("rate_limit"))
