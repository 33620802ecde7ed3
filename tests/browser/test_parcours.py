"""Issue 8 in a real browser: the Dijon coordination records a referral, a consent, opens the
parcours and records the exit; the métropole then sees the child only as a code, an age and a
quartier. axe-core finds nothing on any of these pages.

Between the opening and the exit: the EPS validates the plan, the référent's plan gets an axis, an
objective and an action, and a review measures the objective.
(The second factor at sign-in: ``login`` types the account's current code.)"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reussite.parcours.models import Child, EpsMeeting

from .conftest import assert_no_axe_violations, field, login

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
    page.get_by_label(field("Date de saisine")).fill(today.isoformat())
    page.get_by_label(field("Origine de la saisine")).select_option(label="Établissement scolaire")
    page.get_by_label("Absentéisme scolaire", exact=True).check()
    page.get_by_label(field("Nom de l'enfant")).fill("Zébulon-Test")
    page.get_by_label(field("Prénom de l'enfant")).fill("Élie")
    page.get_by_label(field("Date de naissance")).fill(birth)
    page.get_by_label(field("Niveau scolaire")).select_option(label="Élémentaire")
    page.get_by_label(field("Adresse du foyer")).fill("1 rue de l'Essai")
    page.get_by_label(field("Quartier de résidence")).select_option(
        label="Grésilles (Dijon) — QPV depuis le 01/01/2024"
    )
    page.get_by_label(field("Nom du premier titulaire de l'autorité parentale")).fill("Zébulon-Test")
    page.get_by_label(field("Prénom du premier titulaire")).fill("Inès")
    submit(page, "Enregistrer la saisine")
    expect(page.get_by_role("heading", level=1)).to_have_text("Élie ZÉBULON-TEST")
    expect(page.get_by_role("status")).to_contain_text("l'enfant est éligible")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Ouvrir le parcours").click()
    page.get_by_label(field("Date d'entrée en parcours")).fill(today.isoformat())
    page.get_by_label(field("Référent de parcours")).select_option(index=1)
    submit(page, "Ouvrir le parcours")
    expect(page.get_by_role("alert")).to_contain_text("Consentement manquant pour « suivi du parcours")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Élie ZÉBULON-TEST").click()
    page.get_by_role("link", name="Enregistrer un consentement").click()
    page.get_by_label(field("Date du consentement")).fill(today.isoformat())
    page.get_by_label("Suivi du parcours de réussite éducative", exact=True).check()
    assert_no_axe_violations(page)
    submit(page, "Enregistrer le consentement")
    expect(page.get_by_role("status")).to_contain_text("Consentement enregistré")

    page.get_by_role("link", name="Ouvrir le parcours").click()
    page.get_by_label(field("Date d'entrée en parcours")).fill(today.isoformat())
    page.get_by_label(field("Référent de parcours")).select_option(index=1)
    submit(page, "Ouvrir le parcours")
    expect(page.get_by_role("status")).to_contain_text("Parcours ouvert")
    child = Child.objects.get(last_name="Zébulon-Test")

    # The EPS puts the child on its agenda by code and validates the plan.
    meeting = EpsMeeting.objects.get(programme=child.programme, date=datetime.date(2026, 11, 12))
    page.goto(f"/enfants/eps/reunions/{meeting.pk}/")
    page.get_by_label(field("Code de l'enfant")).fill(child.code)
    submit(page, "Inscrire à l'ordre du jour")
    page.get_by_label("Décision pour Élie ZÉBULON-TEST").select_option(label="Plan validé")
    row = page.get_by_role("row").filter(has_text="Élie ZÉBULON-TEST")
    with page.expect_navigation():
        row.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée")
    assert_no_axe_violations(page)

    # The plan: an axis, an objective, an action; then a review measures the objective.
    page.get_by_role("link", name="Élie ZÉBULON-TEST").click()
    page.get_by_role("link", name="Ajouter un axe").click()
    assert_no_axe_violations(page)
    page.get_by_label(field("Intitulé de l'axe")).fill("Reprendre confiance à l'école")
    page.get_by_label(field("Ouvert le")).fill(today.isoformat())
    submit(page, "Ajouter l'axe")
    expect(page.get_by_role("status")).to_contain_text("Axe ajouté au plan")
    page.get_by_role("link", name="Ajouter un objectif à l'axe « Reprendre confiance à l'école »").click()
    page.get_by_label(field("Objectif")).fill("Lire couramment")
    page.get_by_label(field("Fixé le")).fill(today.isoformat())
    submit(page, "Ajouter l'objectif")
    page.get_by_role("link", name="Ajouter une action à l'objectif « Lire couramment »").click()
    page.get_by_label(field("Action")).fill("Atelier lecture")
    page.get_by_label(field("Domaine")).select_option(label="Scolarité")
    page.get_by_label("Collective", exact=True).check()
    page.get_by_label(field("Début")).fill(today.isoformat())
    assert_no_axe_violations(page)
    submit(page, "Ajouter l'action")
    expect(page.locator("#plan ~ section")).to_contain_text("Atelier lecture")
    page.get_by_role("link", name="Enregistrer un bilan").click()
    page.get_by_label(field("Date du bilan")).fill(today.isoformat())
    page.get_by_label(field("Profil d'intensité")).select_option(label="Profil 2 — accompagnement régulier")
    page.get_by_label(field("Résultat — Lire couramment")).select_option(label="Largement atteint")
    page.get_by_label(field("Commentaire — Lire couramment")).fill("Lit des albums seul.")
    assert_no_axe_violations(page)
    submit(page, "Enregistrer le bilan")
    expect(page.get_by_role("status")).to_contain_text("Bilan enregistré")
    expect(page.locator("section.plan-axis")).to_contain_text("Largement atteint")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Enregistrer la sortie").click()
    page.get_by_label(field("Date de sortie")).fill(today.isoformat())
    page.get_by_label(field("Motif de sortie")).select_option(label="Déménagement")
    assert_no_axe_violations(page)
    submit(page, "Enregistrer la sortie")
    expect(page.locator("ol.timeline")).to_contain_text("Sortie")
    assert_no_axe_violations(page)

    code = child.code
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
