"""The canonical form as YAML, keys in canonical order (stable output for review)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..canonical import catalog_to_data
from ..model import Catalog


class _Dumper(yaml.SafeDumper):
    pass


# Plain scalars that a YAML 1.2 reader (statuskit's) would not read back as text: numbers in any
# base, with leading zeros too (SQLSTATE 08006), and the words YAML gives meaning to.
_NOT_TEXT = re.compile(
    r"[-+]?(0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+|(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|\.inf|\.nan)"
    r"|true|false|null|~",
    re.IGNORECASE,
)


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else ("'" if _NOT_TEXT.fullmatch(value) else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def render(catalog: Catalog, *, expand: bool = False) -> str:
    data = catalog_to_data(catalog, expand=expand)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
