"""Issue 13 in a real browser, as the métropole coordinator would do it: plan a year of bimonthly
practice exchanges, invite the programmes' coordinators (they receive an .ics), take attendance and
print the sign-in sheet; then change the place (the invited receive the updated .ics), write the
minutes and cancel the event (they receive the cancellation). axe-core checks every coordination page
visited."""

import io

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect
from pypdf import PdfReader

from reussite.coordination.models import Event, EventSeries, Invitation

from .conftest import assert_no_axe_violations, field, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]

TITLE = "Échange de pratiques (essai navigateur)"


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_plan_a_series_invite_take_attendance_and_print_the_sheet(page):
    login(page, "coordination.metropole")
    page.get_by_role("link", name="Coordination", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendrier du réseau")
    assert_no_axe_violations(page)

    # 1. A year of exchanges, every two months on the second Tuesday.
    page.get_by_role("link", name="Planifier une série d'événements").click()
    assert_no_axe_violations(page)
    page.get_by_label(field("Type")).select_option(label="Échange de pratiques")
    page.get_by_label(field("Intitulé")).fill(TITLE)
    page.get_by_label(field("Tous les (mois)")).fill("2")
    page.get_by_label(field("Semaine du mois")).select_option(label="deuxième")
    page.get_by_label(field("Jour de la semaine")).select_option(label="mardi")
    page.get_by_label(field("À partir du")).fill("2025-01-01")
    page.get_by_label(field("Jusqu'au")).fill("2025-12-31")
    page.get_by_label(field("Lieu")).fill("Salle de réunion")
    submit(page, "Créer la série")
    expect(page.get_by_text("Série créée : 6 dates.")).to_be_visible()
    assert [str(e.date) for e in EventSeries.objects.get(title=TITLE).events.order_by("date")][:2] == [
        "2025-01-14",
        "2025-03-11",
    ]

    # 2. Open the first date from the month view of January 2025 and invite the programmes' coordinators.
    page.get_by_label(field("Vue")).select_option(label="Mois")
    page.get_by_label(field("Mois")).fill("2025-01")
    submit(page, "Filtrer")
    expect(page.get_by_role("heading", level=2, name="Janvier 2025")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"09:30 {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Inviter", exact=True).click()
    assert_no_axe_violations(page)
    boxes = page.get_by_role("checkbox", name="Coordination de programme")
    count = boxes.count()
    assert count >= 5
    for index in range(count):
        boxes.nth(index).check()
    submit(page, "Envoyer les invitations")
    expect(page.get_by_text(f"{count} invitation(s) envoyée(s).")).to_be_visible()
    assert len(mail.outbox) == count
    vevent = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert TITLE in str(vevent["summary"])

    # 3. Attendance: everyone but the last one.
    page.get_by_role("link", name="Prendre les présences").click()
    assert_no_axe_violations(page)
    checks = page.get_by_role("checkbox")
    for index in range(count - 1):
        checks.nth(index).check()
    submit(page, "Enregistrer les présences")
    expect(page.get_by_text("Présences enregistrées.")).to_be_visible()
    assert Invitation.objects.filter(event__title=TITLE, attended=True).count() == count - 1
    assert_no_axe_violations(page)

    # 4. The sign-in sheet: one line per invited person.
    with page.expect_download() as download:
        page.get_by_role("link", name="Feuille d'émargement (PDF)").click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Feuille d'émargement" in text
    for invitation in Invitation.objects.filter(event__title=TITLE):
        assert invitation.full_name in text

    # 5. Change the place: every invited person receives the updated invitation (same UID, SEQUENCE 1).
    page.get_by_role("link", name="Modifier l'événement").click()
    assert_no_axe_violations(page)
    expect(page.get_by_label(field("Lieu"))).to_have_value("Salle de réunion")
    page.get_by_label(field("Lieu")).fill("Salle du conseil")
    submit(page, "Enregistrer les modifications")
    expect(page.get_by_text(f"Événement modifié. {count} personne(s) invitée(s) prévenue(s).")).to_be_visible()
    updates = mail.outbox[count:]
    assert len(updates) == count
    vevent = Calendar.from_ical(updates[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(vevent["location"]) == "Salle du conseil" and int(vevent["sequence"]) == 1

    # 6. The minutes, written on their page.
    page.get_by_role("link", name="Rédiger le compte rendu").click()
    assert_no_axe_violations(page)
    page.get_by_label(field("Compte rendu")).fill("Tour de table des cinq programmes.")
    submit(page, "Enregistrer le compte rendu")
    expect(page.get_by_text("Tour de table des cinq programmes.")).to_be_visible()

    # 7. Cancel: a reason is asked, the invited receive the cancellation, the event stays, marked.
    page.get_by_role("link", name="Annuler l'événement").click()
    assert_no_axe_violations(page)
    submit(page, "Annuler l'événement")
    expect(page.get_by_role("alert")).to_contain_text("Motif")
    page.get_by_label(field("Motif de l'annulation")).fill("Salle indisponible")
    submit(page, "Annuler l'événement")
    expect(page.get_by_text(f"Événement annulé ; {count} personne(s) invitée(s) prévenue(s).")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{TITLE} (annulé)")
    assert_no_axe_violations(page)
    cancellations = mail.outbox[2 * count :]
    assert len(cancellations) == count
    assert str(Calendar.from_ical(cancellations[0].attachments[0][1])["method"]) == "CANCEL"
    assert Event.objects.filter(title=TITLE, cancelled_at__isnull=False).count() == 1
