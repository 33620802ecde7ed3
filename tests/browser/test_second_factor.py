"""Second factor in a real browser: a demo coordinator types the code after the password; a new
référent enrols an app, keeps the recovery codes and manages them; axe-core finds nothing on any of
these pages."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from reussite.accounts.models import Membership, Role
from reussite.territory.models import Organisation
from tests.factories import UserFactory

from .conftest import assert_no_axe_violations, authenticator_code, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]


def test_sign_in_with_the_code_of_the_app(page):
    login(page, "coordination.dijon", second_factor=False)
    expect(page).to_have_url(re.compile(r"/comptes/second-facteur/verification/\?next=%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Second facteur")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_have_count(0)
    code = page.get_by_label("Code de vérification")
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    expect(page.get_by_role("note")).to_contain_text("Compte de démonstration")
    assert_no_axe_violations(page)

    code.fill("12345")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Code de vérification : saisissez les 6 chiffres affichés par votre application."
    )
    expect(page.get_by_label("Code de vérification")).to_have_accessible_description(
        re.compile(r"saisissez les 6 chiffres")
    )
    assert_no_axe_violations(page)

    page.get_by_label("Code de vérification").fill(authenticator_code("coordination.dijon"))
    page.get_by_role("button", name="Valider").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Dominique")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()


def test_enrolment_recovery_codes_and_their_management(page):
    user = UserFactory(username="referent.nouveau", first_name="Noa")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(short_name="CCAS de Dijon"), role=Role.REFERENT
    )
    login(page, "referent.nouveau", password="correct-horse-battery", second_factor=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer le second facteur")
    expect(page.get_by_role("img", name="Code QR à scanner avec votre application")).to_be_visible()
    assert_no_axe_violations(page)

    secret = page.locator("#secret code").inner_text().replace(" ", "")
    page.get_by_label("Code de vérification").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Activer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les codes (fichier texte)").click()
    content = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert all(code in content for code in codes)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="J'ai conservé mes codes, continuer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Noa")

    page.get_by_role("link", name="Second facteur").click()
    expect(page.get_by_text("Codes de secours restants")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Générer de nouveaux codes de secours").click()
    assert_no_axe_violations(page)
    page.get_by_label("Code de l'application ou code de secours").fill(codes[0])
    page.get_by_role("button", name="Générer de nouveaux codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    assert page.locator(".recovery-codes code").all_inner_texts() != codes

    page.goto("/comptes/second-facteur/reinitialisation/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Se déconnecter").click()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_recovery_code_page(page):
    login(page, "psychologue", second_factor=False)
    page.get_by_role("link", name="Je n'ai pas mon téléphone : utiliser un code de secours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code de secours")
    page.get_by_role("button", name="Valider le code de secours").click()
    expect(page.get_by_role("alert")).to_contain_text("Code de secours : ce champ est obligatoire.")
    assert_no_axe_violations(page)


def test_login_helper_enrols_an_account_without_an_app(page):
    """Other browser tests sign in new named-children accounts with ``login()``: it enrols them."""
    user = UserFactory(username="psy.nouveau", first_name="Eden")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(short_name="CCAS de Dijon"), role=Role.PSYCHOLOGIST
    )
    login(page, "psy.nouveau", password="correct-horse-battery")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Eden")
    assert TOTPDevice.objects.get(user=user).confirmed
