"""Layouts real documents use, one small case each, and numbers that are not codes."""

from __future__ import annotations

from typing import Any

from statuskit.importers import import_data


def _spaces(text: str, source: str = "doc.md") -> list[dict[str, Any]]:
    spaces: list[dict[str, Any]] = import_data(text, source=source)[0]["spaces"]
    return spaces


def _codes(text: str, source: str = "doc.md") -> dict[Any, dict[str, Any]]:
    return {c["code"]: c for space in _spaces(text, source) for c in space["codes"]}


def test_a_heading_per_code_takes_the_text_under_it() -> None:
    doc = "# Errors\n\n## E_ONE (1)\n\nFirst thing.\n\nMore.\n\n## Obsolete error (2)\n\nNot used.\n"
    codes = _codes(doc)
    assert codes[1] == {"code": 1, "name": "E_ONE", "description": "First thing.\n\nMore."}
    assert codes[2] == {"code": 2, "title": "Obsolete error", "description": "Not used."}


def test_a_lone_numbered_heading_is_no_code() -> None:
    doc = "# Guide\n\n## 1 Install\n\nRun it.\n\n| code | meaning |\n|-|-|\n| 7 | seven |\n"
    assert list(_codes(doc)) == [7]


def test_definition_style_triples() -> None:
    doc = "ERROR_SUCCESS\n\n0 (0x0)\n\nThe operation completed.\n\nERROR_BAD\n\n1 (0x1)\n\nIt failed.\n"
    codes = _codes(doc)
    assert codes[0] == {"code": 0, "name": "ERROR_SUCCESS", "description": "The operation completed."}
    assert codes[1]["name"] == "ERROR_BAD"


def test_cells_that_hold_a_code_and_a_name_or_title() -> None:
    doc = (
        "## HTTP codes\n\n| Code | Meaning |\n|-|-|\n| 200 (OK) | Fine. |\n| 404 (NOT FOUND) | Gone. |\n\n"
        "## COM error codes\n\n| Constant/value | Description |\n|-|-|\n"
        "| <dl><dt>**E\\_FAIL**</dt><dt>0x80004005</dt></dl> | Unspecified error |\n"
        "| <dl><dt>**E\\_ABORT**</dt><dt>0x80004004</dt></dl> | Operation aborted |\n"
    )
    spaces = _spaces(doc)
    http = {c["code"]: c for c in spaces[0]["codes"]}
    assert http[200]["title"] == "OK" and http[200]["description"] == "Fine."
    com = spaces[-1]
    assert (com["code"], com["digits"]) == ("hex", 8)
    assert com["codes"][0] == {"code": "0x80004004", "name": "E_ABORT", "description": "Operation aborted"}


def test_negative_codes_and_string_codes() -> None:
    rpc = _codes("| Code | Message |\n|-|-|\n| -32700 | Parse error |\n| -32600 | Invalid Request |\n")
    assert sorted(rpc) == [-32700, -32600]
    gl = _spaces("| Error code | Description |\n|-|-|\n| GL_INVALID_ENUM | bad enum |\n| GL_OUT | out |\n")[0]
    assert gl["code"] == {"type": "string"}
    assert [c["code"] for c in gl["codes"]] == ["GL_INVALID_ENUM", "GL_OUT"]


def test_identifier_codes_beside_a_repeating_http_status() -> None:
    doc = (
        "| Error code | Description | HTTP status |\n|-|-|-|\n| AccessDenied | No. | 403 |\n"
        "| NoSuchKey | Missing. | 404 |\n| SlowDown | Wait. | 503 |\n| BadDigest | Bad. | 400 |\n"
        "| InvalidBucketName | Bad name. | 400 |\n"
    )
    space = _spaces(doc)[0]
    assert [c["code"] for c in space["codes"]] == sorted(c["code"] for c in space["codes"])
    assert "AccessDenied" in {c["code"] for c in space["codes"]}
    assert space["codes"][0]["fields"] == {"http_status": 403}


def test_mdx_imports_jsx_and_macros_are_not_text() -> None:
    doc = (
        "import {Anchor} from '/snippets/anchor.jsx'\n\n{{APIRef(\"X\")}}\n\n"
        'Intro of the {{domxref("CloseEvent")}} codes.\n\n<Anchor id="a" />\n## Close Codes\n\n'
        "| Code | Meaning |\n|-|-|\n| 4000 | Unknown |\n\n## Examples\n\nSome example prose.\n"
    )
    data = import_data(doc, source="doc.mdx")[0]
    assert data["description"] == "Intro of the CloseEvent codes."
    space = data["spaces"][0]
    assert space["title"] == "Close Codes" and [c["code"] for c in space["codes"]] == [4000]
    assert "description" not in space  # the Examples section is not the space's text


def test_rfc_plain_text_lists_classes_and_examples() -> None:
    doc = (
        "4.2.  REPLIES\n\n   An example that is no code list:\n\n"
        "                                123-First line\n"
        "                                  234 A line beginning with numbers\n"
        "                                123 The last line\n\n"
        "      2yz   Positive Completion reply\n\n         The action is done.\n\n"
        "      x0z   Syntax - These replies refer to syntax errors.\n\n"
        "   1.  Numbered steps are no codes.\n   2.  Neither is this one.\n\n"
        "   4.2.1  Reply codes\n\n         200 Command okay.\n         500 Syntax error.\n"
        "             This may include long lines.\n\n"
        "Postel & Reynolds                                              [Page 40]\n"
        "RFC 959                                                     October 1985\n"
    )
    space = _spaces(doc, "rfc.txt")[0]
    codes = {c["code"]: c for c in space["codes"]}
    assert sorted(codes) == [200, 500]
    assert codes[500] == {
        "code": 500,
        "title": "Syntax error.",
        "description": "This may include long lines.",
    }
    groups = {g["pattern"]: g for g in space["groups"]}
    assert groups["2yz"] == {
        "pattern": "2yz",
        "title": "Positive Completion reply",
        "description": "The action is done.",
    }
    assert groups["x0z"]["title"] == "Syntax"


def test_whitespace_columns_with_class_lines_and_header_defines() -> None:
    doc = (
        "# comment\n# more comment\n\nSection: Class 22 - Data Exception\n\n"
        "22000    E    ERRCODE_DATA_EXCEPTION        data_exception\n"
        "22P02    E    ERRCODE_INVALID_TEXT          invalid_text_representation\n"
    )
    space = _spaces(doc, "errcodes.txt")[0]
    assert space["code"] == {"type": "string"}
    assert space["groups"] == [{"pattern": "22xxx", "title": "Data Exception"}]
    assert space["codes"][1]["name"] == "ERRCODE_INVALID_TEXT"
    header = (
        "#ifndef X_H\n#define X_H 1\n\n/*====\n * An unexpected error occurred.\n *====*/\n"
        "#define BadUnexpected 0x80010000\n\n#define BadInternal 0x80020000L /* Internal. */\n"
    )
    codes = _codes(header, "codes.h")
    assert codes["0x80010000"] == {
        "code": "0x80010000",
        "name": "BadUnexpected",
        "description": "An unexpected error occurred.",
    }
    assert codes["0x80020000"]["description"] == "Internal."


def test_aligned_columns_in_a_markdown_code_block() -> None:
    doc = (
        "# Codes\n\n```\nSection: Class 22 - Data Exception\n"
        "22000    E    ERRCODE_DATA_EXCEPTION        data_exception\n"
        "22P02    E    ERRCODE_INVALID_TEXT          invalid_text_representation\n```\n\n"
        '```json\n{"code": 400,   "message": "x",   "id": 1}\n{"code": 401,   "m": 2,   "n": 3}\n```\n'
    )
    space = _spaces(doc)[0]
    assert [c["code"] for c in space["codes"]] == ["22000", "22P02"]
    assert space["groups"] == [{"pattern": "22xxx", "title": "Data Exception"}]


def test_mdn_definition_lists_with_macros() -> None:
    doc = (
        "{{HTTPSidebar}}\n\n## Successful responses\n\n"
        '- {{HTTPStatus(200, "200 OK")}}\n  - : The request succeeded. It depends on the method:\n'
        "    - `GET`: The resource has been fetched.\n"
        '- {{HTTPStatus(201, "201 Created")}}\n  - : A new resource was created.\n'
    )
    codes = _codes(doc)
    assert codes[201] == {"code": 201, "title": "Created", "description": "A new resource was created."}
    assert codes[200]["description"].endswith("`GET`: The resource has been fetched.")


def test_bold_labels_and_category_columns_name_groups() -> None:
    doc = (
        "# Errors\n\n**Client errors:**\n\n| Code | Meaning |\n|-|-|\n| 400 | Bad |\n| 404 | Gone |\n\n"
        "**Server errors**\n\n| Code | Meaning |\n|-|-|\n| 500 | Broken |\n\n"
        "**Note:**\n\n| Code | Meaning |\n|-|-|\n| 600 | Other |\n"
    )
    space = _spaces(doc)[0]
    assert space["groups"] == [
        {"name": "Client errors", "codes": [400, 404]},
        {"name": "Server errors", "codes": [500]},
    ]
    amqp = (
        "| Code | Name | Category | Description |\n|-|-|-|-|\n| 200 | reply-success | | Fine. |\n"
        "| 311 | content-too-large | Channel error | Too big. |\n| 313 | no-consumers | Channel error | None. |\n"
        "| 320 | connection-forced | Connection error | Closed. |\n"
    )
    space = _spaces(amqp)[0]
    assert space["groups"] == [
        {"name": "Channel error", "codes": [311, 313]},
        {"name": "Connection error", "codes": [320]},
    ]
    assert "fields" not in space


def test_triples_on_consecutive_lines() -> None:
    doc = "ERROR_SUCCESS\n0 (0x0)\nThe operation completed.\n\nERROR_X\n1 (0x1)\nBad.\n"
    assert _codes(doc)[1] == {"code": 1, "name": "ERROR_X", "description": "Bad."}


def test_string_codes_in_lists_and_code_span_headings_under_an_errors_heading() -> None:
    doc = (
        "# Error codes\n\n- `card_declined`: The card has been declined.\n"
        "- `expired_card`: The card has expired.\n- `incorrect_cvc` — The CVC is wrong.\n\n"
        "## Node.js errors\n\n### `ERR_ACCESS_DENIED`\n\nAccess was denied.\n\n"
        "### `ERR_AMBIGUOUS_ARGUMENT`\n\nAn ambiguous argument.\n\n### `fetch_user`\n\nA function.\n"
    )
    codes = _codes(doc)
    assert sorted(codes, key=str) == [
        "ERR_ACCESS_DENIED", "ERR_AMBIGUOUS_ARGUMENT", "card_declined", "expired_card", "incorrect_cvc"
    ]  # fmt: skip
    assert codes["incorrect_cvc"]["description"] == "The CVC is wrong."
    assert codes["ERR_ACCESS_DENIED"]["description"] == "Access was denied."
    options = "# Parameters\n\n- `name`: the name.\n- `value`: the value.\n- `timeout`: the timeout.\n"
    assert _codes(options) == {}


def test_class_rows_inside_a_table_and_admonitions() -> None:
    doc = (
        "# PostgreSQL Error Codes {#errcodes}\n\n:::note\nMentions 404 Not Found, no code.\n:::\n\n"
        "| Error Code | Condition Name |\n|-|-|\n| **Class 00 — Successful Completion** | |\n"
        "| `00000` | `successful_completion` |\n| **Class 01 — Warning** | |\n| `01000` | `warning` |\n"
        "| `0100C` | `dynamic_result_sets_returned` |\n"
    )
    space = _spaces(doc, "doc.mdx")[0]
    assert space["title"] == "PostgreSQL Error Codes"
    assert [c["code"] for c in space["codes"]] == ["00000", "01000", "0100C"]
    assert space["codes"][2]["name"] == "dynamic_result_sets_returned"
    assert space["groups"] == [
        {"pattern": "00xxx", "title": "Successful Completion"},
        {"pattern": "01xxx", "title": "Warning"},
    ]


def test_negative_range_rows_as_json_rpc_writes_them() -> None:
    doc = (
        "| code | message | meaning |\n|-|-|-|\n| -32700 | Parse error | Invalid JSON. |\n"
        "| -32000 to -32099 | Server error | Reserved for implementation-defined server-errors. |\n"
    )
    space = _spaces(doc)[0]
    assert space["groups"][0]["range"] == [-32099, -32000]
    assert [c["code"] for c in space["codes"]] == [-32700]


def test_enum_members_with_comments_in_a_proto_file() -> None:
    doc = (
        'syntax = "proto3";\n\nenum Code {\n  // Not an error; returned on success.\n  //\n'
        "  // HTTP Mapping: 200 OK\n  OK = 0;\n\n  // Cancelled by the caller.\n  CANCELLED = 1;\n\n"
        "  UNKNOWN = 2; // Unknown error.\n}\n"
    )
    codes = _codes(doc, "code.proto")
    assert codes[0] == {
        "code": 0,
        "name": "OK",
        "description": "Not an error; returned on success. HTTP Mapping: 200 OK",
    }
    assert codes[1]["description"] == "Cancelled by the caller."
    assert codes[2]["description"] == "Unknown error."
    assert _codes("timeout = 30\nretries = 3\nport = 8080\n", "settings.txt") == {}


def test_bold_identifier_lists_with_nested_details() -> None:
    doc = (
        "## List of error codes\n\n- **AccessDenied**\n  - Description: Access Denied\n"
        "  - HTTP Status Code: 403 Forbidden\n- **NoSuchKey**\n  - Description: The key does not exist.\n"
        "- **SlowDown**\n  - Description: Reduce your request rate.\n"
    )
    codes = _codes(doc)
    assert sorted(codes) == ["AccessDenied", "NoSuchKey", "SlowDown"]
    assert codes["NoSuchKey"]["description"] == "The key does not exist."
    notes = "## Notes\n\n- **Important** read this\n- **Careful** too\n- **Also** that\n"
    assert _codes(notes) == {}


def test_an_html_table_split_by_blank_lines_reads_in_linear_time() -> None:
    import time

    rows = "".join(f"<tr><td>{n}</td><td>thing {n}</td></tr>\n\n" for n in range(1000, 9000))
    start = time.perf_counter()
    codes = _codes("<table>\n<tr><th>Code</th><th>Meaning</th></tr>\n\n" + rows + "</table>\n")
    assert len(codes) == 8000 and codes[1000]["description"] == "thing 1000"
    assert time.perf_counter() - start < 5


def test_restructuredtext_titles_simple_and_grid_tables() -> None:
    doc = (
        "===========\nError codes\n===========\n\n.. note::\n\n   A note.\n\nClient errors\n=============\n\n"
        "=====  ===========\nCode   Meaning\n=====  ===========\n400    Bad request\n404    Not found\n"
        "=====  ===========\n\nServer errors\n=============\n\n+------+----------------+-------+\n"
        "| Code | Meaning        | Retry |\n+======+================+=======+\n"
        "| 500  | Internal error | yes   |\n+------+----------------+-------+\n"
        "| 503  | Unavailable    | no    |\n+------+----------------+-------+\n"
    )
    space = _spaces(doc, "codes.rst")[0]
    assert space["groups"] == [
        {"name": "Client errors", "codes": [400, 404]},
        {"name": "Server errors", "codes": [500, 503]},
    ]
    codes = {c["code"]: c for c in space["codes"]}
    assert codes[404] == {"code": 404, "title": "Not found"}
    assert codes[503] == {"code": 503, "description": "Unavailable", "fields": {"retry": "no"}}


def test_ascii_diagrams_do_not_make_a_text_file_markdown() -> None:
    doc = (
        "   4.2.1  Replies\n\n      |     |     |\n      ----------  |\n\n"
        "         200 Command okay.\n         500 Syntax error.\n"
    )
    assert sorted(_codes(doc, "rfc.txt")) == [200, 500]
    table = "| Code | Meaning |\n|-|-|\n| 200 | OK |\n| 500 | Bad |\n"
    assert sorted(_codes(table, "codes.txt")) == [200, 500]
