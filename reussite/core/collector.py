"""The garbage collector's full collections, moved from inside requests to after their responses.

CPython (3.11 to 3.13) runs a full collection, which walks every object the process keeps, when
enough young objects have survived; the request that happens to allocate at that moment pays for
it. A network's export allocates tens of thousands of rows, so it was usually that request: 40 to
70 ms of collection inside it, which made the slowest twentieth of the exports twice their median
(``python -m bench``, docs/benchmarks.md, sixth round). Here the served process never starts a full
collection on its own; it runs one once the response has been sent (Django's ``request_finished``,
which the WSGI server signals after writing the body), as often as CPython would have by default.
The young generations are still collected as usual, inside requests: they are small.
"""

from __future__ import annotations

import gc
import sys

from django.core.signals import request_finished

# CPython's default: a full collection after ten collections of the middle generation.
FULL_COLLECTION_EVERY = 10
# A threshold the count of middle-generation collections never reaches: no full collection
# starts inside a request.
_NEVER = 2**31 - 1  # the largest threshold CPython takes (a C int)


def collect_after_responses() -> bool:
    """Make full collections wait for the end of a request (the served process: ``reussite.wsgi``).

    False, changing nothing, where the collector is not the generational one this tunes (CPython
    3.14's incremental collector reads its thresholds differently)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 14):
        return False
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, _NEVER)
    request_finished.connect(collect_if_due, dispatch_uid="reussite.core.collector")
    return True


def collect_if_due(**kwargs) -> None:
    """After a response: the full collection CPython would have started by now, if it is due."""
    if gc.get_count()[2] >= FULL_COLLECTION_EVERY:
        gc.collect()
