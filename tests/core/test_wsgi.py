"""The served application keeps its long-lived objects out of the garbage collector's full passes."""

from tests.core.test_email_backend import _run


def test_the_served_application_freezes_what_it_loaded_at_start():
    result = _run(
        "import gc, reussite.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()), int(gc.isenabled()))",
        REUSSITE_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    frozen, still_tracked, enabled = map(int, result.stdout.split())
    # The apps, models and URL patterns are frozen; what a full collection still walks is a rounding
    # error beside them (it walked all of them, ~120 ms for an export of thousands of rows).
    assert frozen > 50_000
    assert still_tracked < frozen / 20
    assert enabled  # frozen, not disabled: cycles made by requests are still collected


FULL_COLLECTION_AFTER_RESPONSES = """
import gc, weakref
import reussite.wsgi
from django.core.signals import request_finished

class Node:
    pass

def garbage_in_the_oldest_generation():
    node = Node()
    node.itself = node  # a cycle: only the collector frees it
    gc.collect(1)  # it survives a middle-generation collection: now in the oldest one
    return weakref.ref(node)

print(gc.get_threshold()[2])
garbage = garbage_in_the_oldest_generation()
for _ in range(3):
    gc.collect(1)
request_finished.send(sender=None)  # not due yet: three middle collections of ten
print(int(garbage() is not None))
for _ in range(10):
    gc.collect(1)
request_finished.send(sender=None)  # due: the full collection runs now
print(int(garbage() is None), gc.get_count()[2])
"""


def test_the_served_application_runs_full_collections_after_responses_only():
    result = _run(FULL_COLLECTION_AFTER_RESPONSES, REUSSITE_DEBUG="1")
    assert result.returncode == 0, result.stderr
    threshold, kept_until_due, freed_after_response, count = map(int, result.stdout.split())
    # Never inside a request: a full collection there cost an export 40 to 70 ms (benchmark, sixth round).
    assert threshold > 10**9
    # After a response, as often as CPython would by default: not before ten middle collections...
    assert kept_until_due
    # ...and then at once, freeing the oldest generation's cycles.
    assert freed_after_response
    assert count == 0
