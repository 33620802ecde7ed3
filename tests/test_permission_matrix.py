import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import EVERYONE, Entry, entries_by_app, matrix_mismatches

ENTRIES = entries_by_app()

# Pages open to visitors who are not signed in (tested in tests/accounts).
PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}
IGNORED_NAMESPACES = {"admin"}


def all_url_keys(patterns=None, namespace="", prefix=""):
    """Every URL pattern: ``namespace:name`` when named, else its full route (``Entry(route=...)``)."""
    keys = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in IGNORED_NAMESPACES:
                continue
            child = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            keys |= all_url_keys(pattern.url_patterns, child, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            keys.add(f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern.pattern))
    return keys


def test_every_url_is_in_the_matrix():
    covered = {entry.key for entry in ENTRIES} | PUBLIC
    missing = sorted(all_url_keys() - covered)
    assert not missing, f"Add these views to a tests/<app>/matrix.py: {missing}"


def test_unnamed_patterns_are_walked_too():
    """A pattern without a name is reported by its route, so it cannot slip past the matrix."""
    from django.urls import include, path

    def view(request):
        raise AssertionError("never called")

    inner = ([path("<int:pk>/secret/", view), path("named/", view, name="named")], "inner")
    patterns = [path("top/", view), path("section/", include(inner))]
    assert all_url_keys(patterns) == {"top/", "section/<int:pk>/secret/", "inner:named"}


def test_an_unnamed_pattern_is_requested_by_its_route():
    entry = Entry("secret page", {"own": {}}, lambda w, t: {"pk": 7}, route="section/<int:pk>/secret/")
    assert entry.key == "section/<int:pk>/secret/"
    assert entry.url(None, "own") == "/section/7/secret/"


def test_matrix_covers_every_role():
    for entry in ENTRIES:
        for target, expected in entry.expect.items():
            assert set(expected) == set(EVERYONE), f"{entry.url_name} / {target}: roles missing"


CASES = [pytest.param(entry, target, id=f"{entry.url_name}-{target}") for entry in ENTRIES for target in entry.expect]


@pytest.mark.parametrize(("entry", "target"), CASES)
def test_permission(client, world, entry, target):
    """Every role (and a user without membership) gets the expected status on this view and target,
    and the body shows what the role may see and nothing it may not (sentinels of tests/sentinels.py).

    One test per view and target, every role inside it: the world is built once for all roles.
    """
    mismatches = matrix_mismatches(client, world, entry, target)
    assert not mismatches, f"{entry.url_name} ({target}):\n" + "\n".join(mismatches)


ANONYMOUS_CASES = [
    pytest.param(entry, target, id=f"{entry.url_name}-{target}")
    for entry in ENTRIES
    for target in list(entry.expect)[:1]
]


@pytest.mark.parametrize(("entry", "target"), ANONYMOUS_CASES)
def test_anonymous(client, world, entry, target):
    response = getattr(client, entry.method)(entry.url(world, target))
    assert response.status_code == entry.anonymous
