"""Issue 12 in a real browser: a second, fictitious network is brought in from nothing through the
pages and e-mail invitations only (staff create the network and invite its coordination, who sets
up communes, quartiers from the official list, organisations and a programme, then invites the
programme's coordinator, who signs in and finds what to do)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from reussite.accounts.models import Membership, User
from reussite.territory.models import Programme, Quartier
from reussite.territory.qpv_list import official_quartiers_of

from .conftest import assert_no_axe_violations, field, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Fictiville-2026-mot-de-passe"


def last_link() -> str:
    return re.search(r"https?://[^/\s]+(/comptes/invitation/\S+/)", mail.outbox[-1].body).group(1)


def accept_invitation(browser, live_server, link, username):
    """The invited person, in their own browser: chooses a password, then signs in."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue sur Réussite")
    page.get_by_label(field("Nouveau mot de passe")).fill(PASSWORD)
    page.get_by_label(field("Confirmation du nouveau mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Activer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compte activé")
    # Used once: the link now says so.
    page.goto(link)
    expect(page.locator("main")).to_contain_text("Ce lien d'invitation n'est plus valable")
    login(page, username, PASSWORD)
    return context, page


def test_a_second_network_is_onboarded_through_pages_and_invitations(page, browser, live_server):
    User.objects.create_user("exploitation", password=PASSWORD, is_staff=True)
    login(page, "exploitation", PASSWORD)  # staff enrol their second factor at first sign-in

    page.goto("/comptes/reseaux/nouveau/")
    page.get_by_label(field("Nom du réseau")).fill("Réseau PRE de Fictiville")
    page.get_by_label(field("Nom de la métropole")).fill("Fictiville Métropole")
    page.get_by_label(field("Nom court de la métropole")).fill("Fictiville Métropole")
    page.get_by_label(field("Adresse e-mail de la coordination")).fill("coordination@fictiville.example")
    page.get_by_label(field("Prénom de la coordination")).fill("Dominique")
    page.get_by_label(field("Nom de la coordination")).fill("Essai")
    page.get_by_role("button", name="Créer le réseau et inviter").click()
    expect(page.locator(".messages")).to_contain_text("Réseau « Réseau PRE de Fictiville » créé")

    context, coord = accept_invitation(browser, live_server, last_link(), "coordination@fictiville.example")
    expect(coord.get_by_role("heading", name="Mettre en place le réseau")).to_be_visible()
    assert_no_axe_violations(coord)

    # 1. A commune, and its quartier picked from the bundled official list.
    coord.get_by_role("link", name="1. Ajouter les communes et choisir leurs quartiers").click()
    coord.get_by_label(field("Code INSEE")).fill("21166")
    coord.get_by_label(field("Nom")).fill("Chenôve")
    coord.get_by_role("button", name="Enregistrer").click()
    expect(coord.get_by_role("heading", level=1)).to_contain_text("Quartiers de Chenôve")
    coord.get_by_label(field("Quartier de la liste officielle")).select_option(
        label=next(q.label for q in official_quartiers_of("21166") if q.code == "QN02101M")
    )
    coord.get_by_role("button", name="Ajouter ce quartier").click()
    expect(coord.locator("main")).to_contain_text("Quartier « Le Mail » enregistré pour Chenôve")
    assert_no_axe_violations(coord)
    assert Quartier.objects.get(commune__insee_code="21166").code == "QN02101M"

    # 2. An association carrying the programme, its SIRET checked.
    coord.goto("/territoires/organisations/nouvelle/")
    coord.get_by_label(field("Type")).select_option(label="Association")
    coord.get_by_label(field("Nom"), exact=True).fill("Association Fictive pour la Réussite")
    coord.get_by_label(field("Nom court")).fill("AFR")
    coord.get_by_label(field("SIRET")).fill("123 456 789 01234")
    coord.get_by_role("button", name="Enregistrer").click()
    expect(coord.get_by_role("alert")).to_contain_text("SIRET : le numéro")
    coord.get_by_label(field("SIRET")).fill("212 100 002 00006")
    coord.get_by_role("button", name="Enregistrer").click()
    expect(coord.get_by_role("heading", level=1)).to_have_text("Association Fictive pour la Réussite")

    # 3. The programme, carried by the association, covering the quartier.
    coord.goto("/territoires/programmes/nouveau/")
    coord.get_by_label(field("Commune")).select_option(label="Chenôve")
    coord.get_by_label(field("Nom")).fill("PRE de Chenôve (Fictiville)")
    coord.get_by_label("Le Mail (Chenôve)").check()
    coord.get_by_label(field("Organisation porteuse")).select_option(label="AFR")
    coord.get_by_label(field("Portée à partir du")).fill("2024-01-01")
    coord.get_by_role("button", name="Enregistrer").click()
    expect(coord.get_by_role("heading", level=1)).to_have_text("PRE de Chenôve (Fictiville)")
    programme = Programme.objects.get(name="PRE de Chenôve (Fictiville)")
    assert programme.network.name == "Réseau PRE de Fictiville"

    # 4. The programme's coordinator is invited by e-mail.
    coord.goto("/comptes/membres/inviter/")
    coord.get_by_label(field("Adresse e-mail")).fill("camille@afr.example")
    coord.get_by_label(field("Prénom")).fill("Camille")
    coord.get_by_label(field("Nom")).fill("Fictive")
    coord.get_by_label(field("Organisation")).select_option(label="AFR")
    coord.get_by_label(field("Rôle")).select_option(label="Coordination de programme")
    coord.get_by_role("button", name="Envoyer l'invitation").click()
    expect(coord.locator(".messages")).to_contain_text("Invitation envoyée à camille@afr.example")
    expect(coord.locator("tbody")).to_contain_text("invitation en attente")
    assert_no_axe_violations(coord)

    other_context, camille = accept_invitation(browser, live_server, last_link(), "camille@afr.example")
    expect(camille.locator(".lead")).to_contain_text("Coordination de programme")
    expect(camille.get_by_role("link", name=re.compile("Chenôve : saisir l'effectif 2025"))).to_be_visible()
    # The Dijon network of the demo, or any other, is nowhere to be seen.
    camille.goto("/territoires/organisations/")
    expect(camille.locator("tbody tr")).to_have_count(2)  # the métropole and the association

    # 5. Ending the membership removes access at once; the history stays.
    coord.reload()
    coord.get_by_role("button", name=re.compile("Mettre fin à l'adhésion de Camille Fictive")).click()
    expect(coord.locator(".messages")).to_contain_text("l'accès est retiré")
    camille.goto("/territoires/programmes/")
    expect(camille.locator("tbody")).to_contain_text("Aucun programme.")
    assert not Membership.objects.get(user__email="camille@afr.example").is_active
    other_context.close()
    context.close()
