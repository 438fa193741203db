"""Status values: template filling, fields, languages, raising."""

from __future__ import annotations

import pytest
from support.catalogs import seed, shop

import statuskit
from statuskit.errors import TemplateError, UnknownCodeError


def test_status_fills_template_and_reads_catalog() -> None:
    space = seed("nemesisdb").space("st")
    status = space.status(22, key="a")
    assert status.code == 22
    assert status.entry is space[22]
    assert status.text() == "key a does not exist"
    assert status.ok is False
    assert status.field("outcome") == "info"
    assert str(status) == "22 key a does not exist"


def test_missing_and_unknown_arguments_fail_at_the_call() -> None:
    space = seed("nemesisdb").space("st")
    with pytest.raises(TemplateError, match="missing key"):
        space.status(22)
    with pytest.raises(TemplateError, match="unknown other"):
        space.status(22, key="a", other=1)
    with pytest.raises(TemplateError, match="no message template"):
        space.status(1, key="a")


def test_unknown_code_is_an_error_when_making_but_not_when_receiving() -> None:
    space = seed("nemesisdb").space("st")
    with pytest.raises(UnknownCodeError, match="nearest declared"):
        space.status(999)
    received = statuskit.Status.received(space, 999, text="??")
    assert received.entry is None and received.text() == "??" and not received.declared


def test_ok_comes_from_success_groups() -> None:
    space = seed("fmltp").space("status")
    assert space.status(200).ok is True
    assert space.status(400).ok is False


def test_group_defaults_apply_to_fields() -> None:
    api = shop().space("api")
    assert api.status(4002).field("http") == 422
    assert api.status(4002).field("retryable") is False
    assert api.status(5000, backend="db").field("action") == "retry"
    assert statuskit.Status.received(api, 4999).field("action") == "fix"


def test_language_falls_back_along_the_tag() -> None:
    api = shop().space("api")
    status = api.status(4001, item="x")
    assert status.text() == "item x does not exist"
    assert status.text(lang="de") == "Artikel x gibt es nicht"
    assert status.text(lang="de-AT") == "Artikel x gibt es nicht"
    assert status.text(lang="de-CH") == "Artikel x gits nöd"
    assert status.text(lang="fr") == "item x does not exist"
    assert status.title(lang="de-AT") == "Artikel fehlt"


def test_received_status_keeps_its_wire_text_and_never_shows_placeholders() -> None:
    space = seed("nemesisdb").space("st")
    assert statuskit.Status.received(space, 22, text="key b does not exist").text() == "key b does not exist"
    bare = statuskit.Status.received(space, 22).text()
    assert "{" not in bare and bare


def test_raise_a_status_error() -> None:
    api = shop().space("api")
    with pytest.raises(statuskit.StatusError) as caught:
        raise api.error(4001, detail="looked in the attic", item="lamp")
    assert caught.value.code == 4001
    assert caught.value.status.detail == "looked in the attic"
    assert str(caught.value) == "4001 item lamp does not exist: looked in the attic"
    assert isinstance(caught.value, statuskit.StatuskitError)


def test_status_by_name() -> None:
    api = shop().space("api")
    assert api.status("no-such-item", item="x").code == 4001
