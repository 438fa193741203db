"""The image categories and their images: a fixed, reproducible set at start, changed through the API.

The real service serves pictures from a CDN; here each image is a small SVG served by the server
itself under ``/cdn/images/...``, so that an image's ``direct`` URL works. Images live in memory.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("boop", "hug", "kiss", "lick", "nom", "nuzzle", "pat", "pounce", "snuggle")
PER_CATEGORY = 8
MAX_PER_CATEGORY = 1000
FEEDBACK_KINDS = ("likes", "dislikes", "flags")
RANDOM_HISTORY = 3


@dataclass(eq=False)
class Image:
    id: int
    category: str
    source: str = ""
    artist: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    added_by: str | None = None
    feedback: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in FEEDBACK_KINDS})

    def to_json(self, base_url: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "direct": f"{base_url}{self.path}",
            "source": self.source,
            "artist": self.artist,
            "notes": self.notes,
            "tags": list(self.tags),
            "feedback": copy.deepcopy(self.feedback),
            "added_by": self.added_by,
        }

    @property
    def path(self) -> str:
        return f"/cdn/images/{self.category}/{self.id}.svg"

    def svg(self) -> bytes:
        hue = (self.id * 47 + len(self.category) * 13) % 360
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
            f'<rect width="64" height="64" fill="hsl({hue},60%,60%)"/>'
            f'<text x="32" y="38" font-size="10" text-anchor="middle">{self.category}</text></svg>'
        ).encode()


class Images:
    """Every image by category and id; the starting ids (1 to 8) are the same in every run."""

    def __init__(self, per_category: int = PER_CATEGORY) -> None:
        self._by_category: dict[str, dict[int, Image]] = {}
        self._recent: dict[str, list[int]] = {}
        for category in CATEGORIES:
            self._by_category[category] = {
                n: Image(n, category, source=f"https://example.org/art/{category}/{n}")
                for n in range(1, per_category + 1)
            }
            self._recent[category] = []

    def has_category(self, category: str) -> bool:
        return category in self._by_category

    def get(self, category: str, image_id: int) -> Image | None:
        return self._by_category.get(category, {}).get(image_id)

    def random(self, category: str) -> Image:
        """A random image, avoiding the last three sent when there are enough."""
        images = list(self._by_category[category].values())
        recent = self._recent[category]
        fresh = [image for image in images if image.id not in recent] or images
        chosen = random.choice(fresh)
        recent.append(chosen.id)
        del recent[:-RANDOM_HISTORY]
        return chosen

    def all(self, category: str) -> list[Image]:
        return list(self._by_category[category].values())

    def full(self, category: str) -> bool:
        return len(self._by_category[category]) >= MAX_PER_CATEGORY

    def add(self, category: str, added_by: str) -> Image:
        images = self._by_category[category]
        image = Image(max(images, default=0) + 1, category, added_by=added_by)
        images[image.id] = image
        return image
