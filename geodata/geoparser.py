"""The geoparser: text in, resolved toponyms out (recognition + resolution, batched)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from geodata.model import ResolvedToponym
from geodata.recognize import NameLookup, find_toponyms
from geodata.resolve import resolve_toponyms
from newsmap.progress import ProgressCallback, ProgressEvent

BATCH_SIZE = 32
LOADING_MODEL = "Loading the language model"


@dataclass
class StageTimes:
    """Seconds spent in each stage after NER, summed over documents (for benchmarks)."""

    recognize: float = 0.0
    resolve: float = 0.0
    documents: int = 0


@dataclass
class Geoparser:
    """Holds the NER pipeline and the gazetteer, both loaded once per process.

    ``border_point`` turns two ISO country codes into a point on their shared border
    (geodata.naturalearth.border_point); None leaves "X-Y border" unresolved.
    ``times`` accumulates the seconds spent in recognition and resolution (not NER).
    """

    nlp: object
    gazetteer: object
    border_point: object = None
    times: StageTimes = field(default_factory=StageTimes)

    def __post_init__(self) -> None:
        self._lookup = NameLookup(self.gazetteer)

    @classmethod
    def default(cls, progress: ProgressCallback | None = None) -> Geoparser:
        """The standard geoparser: spaCy sm NER, the offline gazetteer, Natural Earth borders.

        ``progress`` hears "Loading the language model", then the gazetteer's build steps when
        it has to be built (see :meth:`Gazetteer.open`, which shows them on stderr when no
        callback is given).
        """
        from geodata.gazetteer import Gazetteer
        from geodata.naturalearth import border_point
        from geodata.nlp import load_ner

        if progress is not None:
            progress(ProgressEvent(LOADING_MODEL))
        nlp = load_ner()
        gazetteer = Gazetteer.open(progress=progress)
        return cls(nlp=nlp, gazetteer=gazetteer, border_point=border_point)

    def warm_up(self) -> None:
        """Load what is otherwise loaded on first use (country shapes for borders)."""
        if self.border_point is not None:
            self.border_point("SY", "IQ")

    def parse(self, text: str) -> list[ResolvedToponym]:
        """Toponyms of one text, each with the place it was resolved to (or None)."""
        return next(self.parse_many([text]))

    def parse_many(self, texts: Iterable[str]) -> Iterator[list[ResolvedToponym]]:
        """Like :meth:`parse` over many texts, batched through the NER pipeline."""
        times = self.times
        # Each text travels with its Doc: Doc.text is rebuilt from the tokens on every access.
        pairs = ((text, text) for text in texts)
        for doc, text in self.nlp.pipe(pairs, batch_size=BATCH_SIZE, as_tuples=True):
            started = time.perf_counter()
            toponyms = find_toponyms(doc, self._lookup, text)
            recognized = time.perf_counter()
            resolved = resolve_toponyms(text, toponyms, self.gazetteer, self.border_point)
            times.recognize += recognized - started
            times.resolve += time.perf_counter() - recognized
            times.documents += 1
            yield resolved
