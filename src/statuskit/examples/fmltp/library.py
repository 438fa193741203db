"""The small in-memory music library behind the music commands: two back ends of tracks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Track:
    """One playable track; ``id`` is unique across every back end."""

    id: int
    title: str

    def line(self) -> str:
        """The ``id title`` line LIST and SEARCH print."""
        return f"{self.id} {self.title}"


def _tracks(first: int, titles: tuple[str, ...]) -> tuple[Track, ...]:
    return tuple(Track(first + offset, title) for offset, title in enumerate(titles))


BACKENDS: Mapping[str, tuple[Track, ...]] = MappingProxyType(
    {
        "library": _tracks(
            1,
            (
                "Clair de Lune",
                "Gymnopédie No. 1",
                "The Four Seasons: Spring",
                "Moonlight Sonata",
                "Canon in D",
                "The Blue Danube",
                "Boléro",
                "Air on the G String",
            ),
        ),
        "radio": _tracks(
            101,
            (
                "Morning Jazz Hour",
                "Night Jazz Radio",
                "Classical Breakfast",
                "Late Night Ambient",
            ),
        ),
    }
)
"""Back end name → its tracks, in the order LIST prints them."""


def backend_named(name: str) -> str | None:
    """The back end a client asked for (case-insensitive), or None."""
    key = name.lower()
    return key if key in BACKENDS else None


def search(backend: str, query: str) -> list[Track]:
    """Tracks of ``backend`` whose title contains ``query``, ignoring case."""
    needle = query.casefold()
    return [track for track in BACKENDS[backend] if needle in track.title.casefold()]


def find(backend: str, track_id: str) -> Track | None:
    """The track of ``backend`` with the decimal id ``track_id``, or None."""
    if not (track_id.isascii() and track_id.isdigit() and len(track_id) <= 9):
        return None
    number = int(track_id)
    return next((track for track in BACKENDS[backend] if track.id == number), None)
