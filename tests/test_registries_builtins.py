"""The builtins that need codes of other kinds: jsonrpc (negative integers) and smtp-enhanced."""

from __future__ import annotations

import statuskit
from statuskit.registries import builtin, builtin_names


def test_jsonrpc_codes_and_reserved_ranges() -> None:
    errors = builtin("jsonrpc").space()
    assert {c.code: c.title for c in errors.codes} == {
        -32700: "Parse error",
        -32600: "Invalid Request",
        -32601: "Method not found",
        -32602: "Invalid params",
        -32603: "Internal error",
    }
    assert [(g.range, g.title) for g in errors.groups] == [
        ((-32768, -32000), "Reserved for predefined errors"),
        ((-32099, -32000), "Server error"),
    ]
    assert errors.groups_of(-32050) == errors.groups
    assert errors.groups_of(1) == ()


def test_smtp_enhanced_classes_subjects_and_details() -> None:
    status = builtin("smtp-enhanced").space()
    assert {g.key for g in status.groups} == {"2.x.x", "4.x.x", "5.x.x", *(f"x.{n}.x" for n in range(8))}
    assert status["5.1.1"].title == "Bad destination mailbox address"
    assert status["4.4.7"].title == "Delivery time expired"
    assert status["5.7.7"].title == "Message integrity failure"
    assert status["2.1.5"].ok and not status["5.2.2"].ok
    assert [g.key for g in status["4.2.2"].groups] == ["4.x.x", "x.2.x"]
    details = {str(c.code).partition(".")[2] for c in status.codes}
    assert len(details) == 49, "RFC 3463 enumerates 49 subject.detail pairs"
    assert {c.code for c in status.codes if str(c.code).startswith("2.")} == {"2.0.0", "2.1.5"}


def test_catalogs_extend_the_new_builtins() -> None:
    text = (
        "catalog: app\nspaces:\n  - name: rpc\n    extends: jsonrpc\n    groups:\n"
        "      - {range: [1, 99], title: Application errors}\n    codes:\n      - {code: 7, title: Out of stock}\n"
    )
    space = statuskit.loads(text, "app.yaml").space()
    assert space.lookup("-32601").title == "Method not found"
    assert space[7].title == "Out of stock"
    assert {"jsonrpc", "smtp-enhanced"} <= set(builtin_names())
