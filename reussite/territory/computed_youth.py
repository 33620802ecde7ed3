"""Youth counts computed from the data of a higher layer (the parcours), for the years it covers.

Territory cannot import parcours: parcours registers its source here when it starts. A source is
``fn(network_ids, today) -> [(network_id, programme_id, year, count)]``. The youth table uses a
computed count where none was recorded; where one was recorded (typed or printed in a source
document) it stays as recorded and the computed one is shown beside it, the difference flagged.
"""

from collections.abc import Callable, Iterable

YouthSource = Callable[[Iterable[int], object], list[tuple[int, int, int, int]]]
_sources: list[YouthSource] = []


def register_youth_source(source: YouthSource) -> YouthSource:
    if source not in _sources:
        _sources.append(source)
    return source


def computed_counts(network_ids, today) -> list[tuple[int, int, int, int]]:
    network_ids = list(network_ids)
    if not network_ids:
        return []
    return [row for source in _sources for row in source(network_ids, today)]


def merge_counts(recorded, computed):
    """Pure: (counts for the table, computed counts shown beside a recorded one, keys computed).

    ``recorded`` and ``computed``: (network, programme or None, year, count). A recorded count wins;
    a computed one fills a (programme, year) nothing was recorded for."""
    recorded = list(recorded)
    keys = {(n, p, y) for n, p, y, _c in recorded}
    beside = [(n, p, y, c) for n, p, y, c in computed if (n, p, y) in keys]
    filled = [(n, p, y, c) for n, p, y, c in computed if (n, p, y) not in keys]
    return recorded + filled, beside, {(n, p, y) for n, p, y, _c in filled}


# Per quartier: ``fn(programme_id, years) -> [(year, quartier_id or None, name, code, count)]``,
# None for the children whose quartier is not resolved.
QuartierSource = Callable[[int, Iterable[int]], list[tuple[int, int | None, str, str, int]]]
_quartier_sources: list[QuartierSource] = []


def register_quartier_source(source: QuartierSource) -> QuartierSource:
    if source not in _quartier_sources:
        _quartier_sources.append(source)
    return source


def computed_quartier_counts(programme_id: int, years) -> list[tuple[int, int | None, str, str, int]]:
    years = list(years)
    if not years:
        return []
    return [row for source in _quartier_sources for row in source(programme_id, years)]
