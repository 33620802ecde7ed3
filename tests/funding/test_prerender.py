"""Convention documents rendered off the request (reussite/funding/prerender.py): a committed change
stores the PDF and DOCX, and the download then serves the stored file without rendering."""

import pytest
from django.db import transaction
from django.urls import reverse

from reussite.core.pdf import stored_document
from reussite.funding import documents, prerender
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db

LOCAL_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "prerender-tests"},
    "axes": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "prerender-axes"},
}


@pytest.fixture
def store(settings):
    settings.CACHES = LOCAL_CACHES  # an empty store of our own
    from django.core.cache import cache

    cache.clear()
    return cache


def _fingerprint(convention_id):
    return repr(documents.build_document(documents.document_queryset().get(pk=convention_id)))


def _finance_client(client, world):
    from reussite.accounts.models import Membership, Role
    from tests.factories import UserFactory

    user = UserFactory()
    Membership.objects.create(user=user, organisation=world.metropole, role=Role.FINANCE_OFFICER)
    client.force_login(user)
    return client


def test_a_committed_change_stores_both_documents_and_the_download_does_not_render(
    world, store, settings, client, monkeypatch, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_PRERENDER = "sync"
    convention = make_convention(world.metropole, [world.carrier])
    convention.object = "Soutenir les parcours des quartiers prioritaires."
    with django_capture_on_commit_callbacks(execute=True):
        convention.save()
    fingerprint = _fingerprint(convention.pk)
    assert stored_document(prerender.PDF_KIND, fingerprint).startswith(b"%PDF")
    assert stored_document(prerender.DOCX_KIND, fingerprint).startswith(b"PK")  # a zip: DOCX

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered during the request")

    from reussite.core import pdf

    monkeypatch.setattr(pdf, "render_pdf", no_rendering)
    monkeypatch.setattr(documents, "render_docx", no_rendering)
    client = _finance_client(client, world)
    response = client.get(reverse("funding_exchange:convention_pdf", args=[convention.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    response = client.get(reverse("funding_exchange:convention_docx", args=[convention.pk]))
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_a_stored_copy_is_never_served_once_the_printed_content_changed(world, store, settings, client):
    settings.DOCUMENT_PRERENDER = "off"  # a change made with pre-rendering off: the download renders
    convention = make_convention(world.metropole, [world.carrier])
    before = _fingerprint(convention.pk)
    prerender.render_files(convention.pk)
    convention.object = "Un objet nouveau, imprimé dans le document."
    convention.save()
    after = _fingerprint(convention.pk)
    assert before != after and stored_document(prerender.PDF_KIND, after) is None
    client = _finance_client(client, world)
    response = client.get(reverse("funding_exchange:convention_pdf", args=[convention.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert stored_document(prerender.PDF_KIND, after) == response.content


def test_a_rolled_back_change_schedules_nothing(world, store, settings, django_capture_on_commit_callbacks):
    settings.DOCUMENT_PRERENDER = "sync"
    convention = make_convention(world.metropole, [world.carrier])
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        convention.object = "Jamais enregistré."
        convention.save()
        transaction.set_rollback(True)
    assert callbacks == []
    assert stored_document(prerender.PDF_KIND, _fingerprint(convention.pk)) is None


def test_a_share_change_schedules_its_convention(world, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.DOCUMENT_PRERENDER = "sync"
    convention = make_convention(world.metropole, [world.carrier])
    rendered = []
    monkeypatch.setattr(prerender, "render_files", rendered.append)
    share = convention.funding_years.first().shares.first()
    with django_capture_on_commit_callbacks(execute=True):
        share.save()
    assert rendered == [convention.pk]


@pytest.mark.django_db(transaction=True)
def test_background_rendering_stores_the_pdf_after_the_commit(world, store, settings):
    # Built without rendering: a rendering thread reading the shares while the next ones are
    # inserted locks SQLite's shared in-memory tables (a race of the set-up, not of the feature).
    settings.DOCUMENT_PRERENDER = "off"
    convention = make_convention(world.metropole, [world.carrier])
    settings.DOCUMENT_PRERENDER = "background"
    convention.object = "Rendu en arrière-plan."
    convention.save()  # autocommit: the rendering is queued at once
    prerender.wait()
    assert stored_document(prerender.PDF_KIND, _fingerprint(convention.pk)).startswith(b"%PDF")
