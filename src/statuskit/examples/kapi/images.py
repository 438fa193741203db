"""The image categories and a fixed, reproducible set of images in each.

The real service serves pictures from a CDN; here each image is a small SVG served by the
server itself under ``/cdn/images/...``, so that the ``url`` of an image works.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

CATEGORIES = ("boop", "hug", "kiss", "lick", "nom", "nuzzle", "pat", "pounce", "snuggle")
PER_CATEGORY = 8


@dataclass(frozen=True, slots=True)
class Image:
    id: str
    category: str

    def to_json(self, base_url: str) -> dict[str, str]:
        return {"id": self.id, "category": self.category, "url": f"{base_url}{self.path}"}

    @property
    def path(self) -> str:
        return f"/cdn/images/{self.category}/{self.id}.svg"

    def svg(self) -> bytes:
        hue = int(self.id[:4], 16) % 360
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
            f'<rect width="64" height="64" fill="hsl({hue},60%,60%)"/>'
            f'<text x="32" y="38" font-size="10" text-anchor="middle">{self.category}</text></svg>'
        ).encode()


class Images:
    """Every image by category and id; ids are the same in every run."""

    def __init__(self, per_category: int = PER_CATEGORY) -> None:
        self._by_category: dict[str, dict[str, Image]] = {}
        for category in CATEGORIES:
            images = (Image(_image_id(category, n), category) for n in range(per_category))
            self._by_category[category] = {image.id: image for image in images}

    def has_category(self, category: str) -> bool:
        return category in self._by_category

    def get(self, category: str, image_id: str) -> Image | None:
        return self._by_category.get(category, {}).get(image_id)

    def random(self, category: str) -> Image:
        return random.choice(list(self._by_category[category].values()))

    def all(self, category: str) -> list[Image]:
        return list(self._by_category[category].values())


def _image_id(category: str, number: int) -> str:
    return hashlib.sha256(f"kapi/{category}/{number}".encode()).hexdigest()[:16]
