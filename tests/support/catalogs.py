"""Catalogs the runtime tests share: a small shop API and the bundled seed catalogs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import statuskit
from statuskit.model import Catalog

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGS = ROOT / "catalogs"

SHOP = """
catalog: shop
title: Shop API
spaces:
  - name: api
    transport: json
    fields:
      http: {type: integer, minimum: 100, maximum: 599}
      action: {enum: [retry, fix, abort]}
      retryable: {type: boolean}
      retry_after: {type: integer}
    groups:
      - pattern: 2xxx
        defaults: {outcome: success, http: 200}
      - pattern: 4xxx
        defaults: {outcome: failure, http: 400, retryable: false, action: fix}
      - pattern: 5xxx
        defaults: {outcome: failure, http: 503, retryable: true, action: retry}
    codes:
      - code: 2000
        name: ok
        title: OK
      - code: 4001
        name: no_such_item
        title: No such item
        message: "item {item} does not exist"
        i18n:
          de: {title: Artikel fehlt, message: "Artikel {item} gibt es nicht"}
          de-CH: {message: "Artikel {item} gits nöd"}
      - code: 4002
        name: bad_quantity
        title: Bad quantity
        fields: {http: 422}
      - code: 4290
        name: slow_down
        title: Slow down
        fields: {http: 429, retryable: true, retry_after: 30, action: retry}
      - code: 5000
        name: broken
        title: Something broke
        message: "backend {backend} failed"
"""


@cache
def shop() -> Catalog:
    return statuskit.loads(SHOP, "shop.yaml")


@cache
def seed(name: str) -> Catalog:
    return statuskit.load(CATALOGS / f"{name}.yaml")
