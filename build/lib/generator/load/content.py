"""The loaded content: every document of a content folder, as the checks and the model see it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .loader import Document


@dataclass
class ContentSet:
    """The documents of a content folder that could be read (with or without schema errors)."""

    innovations: list[Document] = field(default_factory=list)
    territories: list[Document] = field(default_factory=list)
    programme: Document | None = None
    # Every id seen on disk, valid or not, so that a broken file does not cascade into
    # "unknown territory" errors in the files that refer to it.
    known_territory_ids: set[str] = field(default_factory=set)
    invalid_files: set[str] = field(default_factory=set)

    def documents(self) -> Iterator[Document]:
        yield from self.innovations
        yield from self.territories
        if self.programme is not None:
            yield self.programme
