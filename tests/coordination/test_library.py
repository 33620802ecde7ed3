"""The resource library: files checked for size and real type, stored outside the web root, served
only through the scope check; search; the API."""

import html
import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.coordination import files, services
from reussite.coordination.models import Resource

from .factories import event

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _add(world, name="guide.pdf", content=PDF, network=None, **kw):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return services.add_resource(
        network=network or world.network, title=kw.pop("title", "Guide SENTINELLE-A"), kind="guide", upload=upload, **kw
    )


def test_a_pdf_is_stored_outside_the_web_root_under_a_random_name(world):
    resource = _add(world, name="Compte rendu Mme Dupont.pdf")
    path = resource.file.path
    assert path.startswith(str(settings.REUSSITE_PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.BASE_DIR / "static"))
    assert "Dupont" not in path
    assert (resource.content_type, resource.size) == ("application/pdf", len(PDF))


def test_the_real_type_is_read_from_the_content_not_the_name(world):
    with pytest.raises(ValidationError) as error:
        _add(world, name="guide.pdf", content=b"MZ\x90\x00 not a pdf at all")
    assert "seuls les fichiers PDF, PNG, JPEG, Word" in str(error.value)
    assert not Resource.objects.exists()
    assert _add(world, name="document.pdf", content=_docx()).content_type.endswith("wordprocessingml.document")


def test_size_is_bounded(world, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    with pytest.raises(ValidationError) as error:
        _add(world)
    assert "dépasse la taille maximale" in str(error.value)


def test_upload_form_refuses_a_fake_pdf_with_a_french_message(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    response = client.post(
        reverse("coordination:resource_create"),
        {"kind": "guide", "title": "Faux", "upload": SimpleUploadedFile("faux.pdf", b"<html>", "application/pdf")},
    )
    assert response.status_code == 200
    assert "« Fichier » : seuls les fichiers PDF" in html.unescape(response.content.decode())
    assert not Resource.objects.exists()


def test_download_through_the_scope_check(client, world):
    own = _add(world)
    other = _add(world, network=world.other_network, title="Guide SENTINELLE-B")
    client.force_login(world.user(Role.REFERENT))
    response = client.get(reverse("coordination:resource_download", args=[own.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert client.get(reverse("coordination:resource_download", args=[other.pk])).status_code == 404
    for url in (reverse("coordination:library"), reverse("api:coordination-resource-list")):
        body = client.get(url).content.decode()
        assert "Guide SENTINELLE-A" in body and "Guide SENTINELLE-B" not in body
    client.force_login(world.outsider)
    assert client.get(reverse("coordination:resource_download", args=[own.pk])).status_code == 404


def test_search_and_attachment_to_an_event(client, world):
    presented = event(world, title="Séance décrochage")
    _add(world, title="Décrochage scolaire : support", event=presented, tags="décrochage")
    _add(world, title="Charte de confidentialité", tags="charte")
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    body = client.get(reverse("coordination:library") + "?q=charte").content.decode()
    assert "Charte de confidentialité" in body and "Décrochage scolaire" not in body
    page = client.get(reverse("coordination:event_detail", args=[presented.pk])).content.decode()
    assert "Décrochage scolaire : support" in page


def test_an_event_of_another_network_cannot_be_attached(world):
    foreign = event(world, network="other", title="Autre réseau")
    with pytest.raises(ValidationError):
        _add(world, event=foreign)
