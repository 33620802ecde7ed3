"""The demo's sitting of 2 October 2024 and its extract, checked against the seed document."""

import contextlib
import datetime
import re
import zlib
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from reussite.accounts.models import User
from reussite.governance import demo
from reussite.governance.extract import build_extract
from reussite.governance.models import Body, Deliberation, Member, Sitting
from reussite.governance.rules_engine import quorum_met
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_278feaa26e00db63.txt"


def seed_lines():
    """The seed's lines, without markdown emphasis or hard breaks, blank lines removed."""
    if not SEED.exists():
        # The seed lives in shared/ beside the repository (as in CI), not in the repository itself.
        skip_or_fail(f"seed document not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    return [line.replace("**", "").strip() for line in text.splitlines() if line.strip() and line.strip() != "-----"]


def normalise(text: str) -> str:
    text = text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", text).strip()


def pdf_streams(pdf: bytes):
    """Raw and decompressed contents of the PDF's streams (metadata may be compressed)."""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        data = match.group(1)
        yield data
        with contextlib.suppress(zlib.error):
            yield zlib.decompress(data)


@pytest.fixture
def seed_deliberation(demo_world):
    return Deliberation.objects.select_related("item__sitting__president", "body").get(body__code="ccas-dijon")


def extract_text(deliberation):
    html = render_to_string("governance/extract_print.html", {"extract": build_extract(deliberation)})
    body = html[html.index("<body>") :]
    return normalise(strip_tags(body.replace("<br>", " ").replace("</p>", "\n").replace("</li>", "\n")))


def test_board_has_the_seventeen_members_printed(demo_world):
    body = Body.objects.get(code="ccas-dijon")
    assert body.organisation.short_name == "CCAS de Dijon"
    members = list(body.members.order_by("rank"))
    assert len(members) == 17
    assert members[0].full_label == "M. Antoine HOAREAU"
    # Only M. Hoareau's first name is printed: nobody else gets one.
    assert [m.first_name for m in members if m.first_name] == ["Antoine"]
    assert {m.short_label for m in members} >= {"Mme AKPINAR-ISTIQUAM", "M. REBSAMEN", "Mme TENENBAUM"}


def test_sitting_of_2_october_2024(seed_deliberation):
    sitting = seed_deliberation.item.sitting
    assert (sitting.date, sitting.convened_on) == (datetime.date(2024, 10, 2), datetime.date(2024, 9, 27))
    assert sitting.president.full_label == "M. Antoine HOAREAU"
    assert sitting.members_in_office == 17
    assert (seed_deliberation.present_count, seed_deliberation.represented_count) == (12, 4)
    # 16 votes cast, quorum met (12 present > 17 / 2), unanimity.
    assert seed_deliberation.votes_cast == 16
    assert quorum_met(seed_deliberation.present_count, sitting.members_in_office, sitting.body.rules)
    assert seed_deliberation.vote_mode == "unanimous"
    assert seed_deliberation.outcome == "adopted"
    assert seed_deliberation.decision_sentence == "Adoptée à l'unanimité."
    # The seed prints no number: the numbering service gives the first of the board's 2024 counter.
    assert seed_deliberation.reference == "2024-001"
    assert seed_deliberation.executory_on is None  # no transmission or publication date is printed


def test_extract_reads_like_the_seed(seed_deliberation):
    text = extract_text(seed_deliberation)
    lines = seed_lines()
    # Every line of the seed appears in the extract, in the same order.
    position = 0
    for line in lines:
        expected = normalise(line.removeprefix("- "))
        found = text.find(expected, position)
        assert found >= 0, f"missing or out of order: {expected!r}"
        position = found + len(expected)


def test_extract_key_lines(seed_deliberation):
    text = extract_text(seed_deliberation)
    assert "CENTRE COMMUNAL D'ACTION SOCIALE DE DIJON" in text
    assert "Président de Séance : M. Antoine HOAREAU." in text
    assert "Date de convocation : 27 septembre 2024." in text
    assert (
        "Membres présents : (12) M. HOAREAU, Mme AKPINAR-ISTIQUAM, M. MEZUI, Mme CHOLLET, M. FAVERJON, Mme GINDRE, "
        "Mme VIAN, M. FOUSSET, Mme LECOMTE, M. FOUILLOT, M. JASPART, M. AVENA." in text
    )
    assert (
        "Membres excusés représentés : (4) M. REBSAMEN représenté par M. HOAREAU, M. BERTHIER représenté par "
        "Mme CHOLLET, Mme JACQUEMARD représentée par M. MEZUI, Mme JACQUENET représentée par Mme LECOMTE." in text
    )
    assert "Membres excusés : (1) Mme TENENBAUM." in text
    assert (
        "Adoptée à l'unanimité. Pour extrait conforme au registre des délibérations du Conseil d'Administration."
        in text
    )
    assert (
        "Destinataires : Préfecture : 1 Registre : 1 Ressources internes : 1 "
        "Politique de la ville et contractuelles : 1" in text
    )
    assert "exécutoire" not in text


def test_extract_certified_executory_once_transmitted_and_published(seed_deliberation):
    from reussite.governance import services

    services.mark_transmitted_published(
        seed_deliberation, transmitted_on=datetime.date(2024, 10, 7), published_on=datetime.date(2024, 10, 9)
    )
    seed_deliberation.refresh_from_db()
    text = extract_text(seed_deliberation)
    assert (
        "Certifié exécutoire compte tenu de la transmission en Préfecture le 7 octobre 2024 et de la publication "
        "le 9 octobre 2024." in text
    )


def test_demo_is_idempotent(demo_world):
    demo.load()
    demo.load()
    assert Body.objects.filter(code="ccas-dijon").count() == 1
    assert Member.objects.filter(body__code="ccas-dijon").count() == 17
    assert Sitting.objects.filter(body__code="ccas-dijon").count() == 1
    assert Deliberation.objects.get(body__code="ccas-dijon").number == 1


def test_demo_links_the_cpo_when_the_funding_demo_provides_it(seed_deliberation):
    from reussite.funding.models import Convention

    cpo = Convention.objects.filter(kind="cpo", first_year=2024, parties__organisation__short_name="CCAS de Dijon")
    if not cpo.exists():
        pytest.skip("the funding demo does not load the 2024–2026 CPO yet")
    assert seed_deliberation.convention == cpo.get()
    assert seed_deliberation.convention_party.organisation.short_name == "CCAS de Dijon"
    assert seed_deliberation in cpo.get().approving_deliberations.all()


def test_extract_pdf_is_pdf_a_with_a_file_name_without_personal_data(client, seed_deliberation):
    secretary = User.objects.get(username="secretariat.ccas-dijon")
    client.force_login(secretary)
    response = client.get(reverse("governance:deliberation_extract", args=[seed_deliberation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="extrait-ccas-dijon-2024-001.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    # PDF/A: an output intent and the PDF/A identification in the XMP metadata.
    streams = b"".join(pdf_streams(pdf))
    assert b"/OutputIntents" in pdf or b"/OutputIntents" in streams
    assert b"pdfaid" in streams
