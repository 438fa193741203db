"""The canonical form as YAML, keys in canonical order (stable output for review)."""

from __future__ import annotations

from typing import Any

import yaml

from ..canonical import catalog_to_data
from ..model import Catalog


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def render(catalog: Catalog, *, expand: bool = False) -> str:
    data = catalog_to_data(catalog, expand=expand)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
