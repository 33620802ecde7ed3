"""Issue 8 in a real browser: the Dijon coordination records a referral, a consent, opens the
parcours and records the exit; the métropole then sees the child only as a code, an age and a
quartier. axe-core finds nothing on any of these pages.

(The second factor at sign-in comes with the django-otp work, built separately.)"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reussite.parcours.models import Child

from .conftest import assert_no_axe_violations, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_referral_consent_parcours_and_exit_then_the_metropole_sees_a_code(page):
    today = timezone.localdate()
    birth = (today - datetime.timedelta(days=9 * 365 + 10)).isoformat()
    login(page, "coordination.dijon")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Enfants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enfants suivis")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Enregistrer une saisine").click()
    assert_no_axe_violations(page)
    page.get_by_label("Date de saisine", exact=True).fill(today.isoformat())
    page.get_by_label("Origine de la saisine", exact=True).select_option(label="Établissement scolaire")
    page.get_by_label("Absentéisme scolaire", exact=True).check()
    page.get_by_label("Nom de l'enfant", exact=True).fill("Zébulon-Test")
    page.get_by_label("Prénom de l'enfant", exact=True).fill("Élie")
    page.get_by_label("Date de naissance", exact=True).fill(birth)
    page.get_by_label("Niveau scolaire", exact=True).select_option(label="Élémentaire")
    page.get_by_label("Adresse du foyer", exact=True).fill("1 rue de l'Essai")
    page.get_by_label("Quartier de résidence", exact=True).select_option(
        label="Grésilles (Dijon) — QPV depuis le 01/01/2024"
    )
    page.get_by_label("Nom du premier titulaire de l'autorité parentale", exact=True).fill("Zébulon-Test")
    page.get_by_label("Prénom du premier titulaire", exact=True).fill("Inès")
    submit(page, "Enregistrer la saisine")
    expect(page.get_by_role("heading", level=1)).to_have_text("Élie ZÉBULON-TEST")
    expect(page.get_by_role("status")).to_contain_text("l'enfant est éligible")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Ouvrir le parcours").click()
    page.get_by_label("Date d'entrée en parcours", exact=True).fill(today.isoformat())
    page.get_by_label("Référent de parcours", exact=True).select_option(index=1)
    submit(page, "Ouvrir le parcours")
    expect(page.get_by_role("alert")).to_contain_text("Consentement manquant pour « suivi du parcours")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Élie ZÉBULON-TEST").click()
    page.get_by_role("link", name="Enregistrer un consentement").click()
    page.get_by_label("Date du consentement", exact=True).fill(today.isoformat())
    page.get_by_label("Suivi du parcours de réussite éducative", exact=True).check()
    assert_no_axe_violations(page)
    submit(page, "Enregistrer le consentement")
    expect(page.get_by_role("status")).to_contain_text("Consentement enregistré")

    page.get_by_role("link", name="Ouvrir le parcours").click()
    page.get_by_label("Date d'entrée en parcours", exact=True).fill(today.isoformat())
    page.get_by_label("Référent de parcours", exact=True).select_option(index=1)
    submit(page, "Ouvrir le parcours")
    expect(page.get_by_role("status")).to_contain_text("Parcours ouvert")

    page.get_by_role("link", name="Enregistrer la sortie").click()
    page.get_by_label("Date de sortie", exact=True).fill(today.isoformat())
    page.get_by_label("Motif de sortie", exact=True).select_option(label="Déménagement")
    assert_no_axe_violations(page)
    submit(page, "Enregistrer la sortie")
    expect(page.locator("ol.timeline")).to_contain_text("Sortie")
    assert_no_axe_violations(page)

    code = Child.objects.get(last_name="Zébulon-Test").code
    page.get_by_role("button", name="Se déconnecter").click()
    login(page, "coordination.metropole")
    page.goto(f"/enfants/?q={code}")
    row = page.get_by_role("table", name="Enfants suivis (1)").locator("tbody tr")
    expect(row).to_contain_text(code)
    expect(row).to_contain_text("9 ans")
    expect(page.locator("body")).not_to_contain_text("Zébulon")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(code)
    expect(page.locator("body")).not_to_contain_text("Zébulon")
    expect(page.locator("body")).not_to_contain_text("Essai")
    assert_no_axe_violations(page)
