"""The canonical JSON form, as tools and tests rely on it."""

from __future__ import annotations

import json

from ..canonical import catalog_to_data
from ..model import Catalog


def render(catalog: Catalog, *, expand: bool = False) -> str:
    return json.dumps(catalog_to_data(catalog, expand=expand), indent=2, ensure_ascii=False) + "\n"
