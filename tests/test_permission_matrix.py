import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import EVERYONE, OUTSIDER, entries_by_app

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


def all_url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            child = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in IGNORED_NAMESPACES:
                continue
            names |= all_url_names(pattern.url_patterns, child)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    covered = {entry.url_name for entry in ENTRIES} | PUBLIC
    missing = sorted(all_url_names() - covered)
    assert not missing, f"Add these views to a tests/<app>/matrix.py: {missing}"


def test_matrix_covers_every_role():
    for entry in ENTRIES:
        for target, expected in entry.expect.items():
            assert set(expected) == set(EVERYONE), f"{entry.url_name} / {target}: roles missing"


CASES = [pytest.param(entry, target, id=f"{entry.url_name}-{target}") for entry in ENTRIES for target in entry.expect]


@pytest.mark.parametrize(("entry", "target"), CASES)
def test_permission(client, world, entry, target):
    """Every role (and a user without membership) gets the expected status on this view and target.

    One test per view and target, every role inside it: the world is built once for all roles.
    """
    url = reverse(entry.url_name, kwargs=entry.kwargs(world, target))
    mismatches = []
    for role in EVERYONE:
        client.force_login(world.outsider if role == OUTSIDER else world.user(role))
        if entry.method == "get":
            response = client.get(url)
        else:
            response = client.post(url, entry.data(world, target) if entry.data else {})
        expected = entry.expect[target][role]
        if response.status_code != expected:
            mismatches.append(f"{role}: got {response.status_code}, expected {expected}")
    assert not mismatches, f"{entry.url_name} ({target}):\n" + "\n".join(mismatches)


ANONYMOUS_CASES = [
    pytest.param(entry, target, id=f"{entry.url_name}-{target}")
    for entry in ENTRIES
    for target in list(entry.expect)[:1]
]


@pytest.mark.parametrize(("entry", "target"), ANONYMOUS_CASES)
def test_anonymous(client, world, entry, target):
    url = reverse(entry.url_name, kwargs=entry.kwargs(world, target))
    response = getattr(client, entry.method)(url)
    assert response.status_code == entry.anonymous
