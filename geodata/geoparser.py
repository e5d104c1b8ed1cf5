"""The geoparser: text in, resolved toponyms out (recognition + resolution, batched)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from geodata.model import ResolvedToponym
from geodata.recognize import NameLookup, find_toponyms
from geodata.resolve import resolve_toponyms

BATCH_SIZE = 32


@dataclass
class Geoparser:
    """Holds the NER pipeline and the gazetteer, both loaded once per process.

    ``border_point`` turns two ISO country codes into a point on their shared border
    (geodata.naturalearth.border_point); None leaves "X-Y border" unresolved.
    """

    nlp: object
    gazetteer: object
    border_point: object = None

    def __post_init__(self) -> None:
        self._lookup = NameLookup(self.gazetteer)

    @classmethod
    def default(cls) -> Geoparser:
        """The standard geoparser: spaCy sm NER, the offline gazetteer, Natural Earth borders."""
        from geodata.gazetteer import Gazetteer
        from geodata.naturalearth import border_point
        from geodata.nlp import load_ner

        return cls(nlp=load_ner(), gazetteer=Gazetteer.open(), border_point=border_point)

    def parse(self, text: str) -> list[ResolvedToponym]:
        """Toponyms of one text, each with the place it was resolved to (or None)."""
        return next(self.parse_many([text]))

    def parse_many(self, texts: Iterable[str]) -> Iterator[list[ResolvedToponym]]:
        """Like :meth:`parse` over many texts, batched through the NER pipeline."""
        for doc in self.nlp.pipe(texts, batch_size=BATCH_SIZE):
            toponyms = find_toponyms(doc, self._lookup)
            yield resolve_toponyms(doc.text, toponyms, self.gazetteer, self.border_point)
