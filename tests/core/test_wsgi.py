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
