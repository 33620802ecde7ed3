"""Issue 2 in a real browser: each demo role signs in, the youth-count page tells which printed
figures hold, a youth count is entered through the form, and axe-core finds nothing on any page."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from reussite.accounts.demo import DEMO_USERS
from reussite.accounts.models import User
from reussite.territory.models import Organisation, Programme

from .conftest import assert_no_axe_violations, axe_violations, format_violations, horizontal_overflow, login

pytestmark = [
    pytest.mark.browser,
    # live_server needs a transactional database, which is flushed after each test: serialized_rollback
    # restores what data migrations created (e.g. funding's action kinds) for the next tests.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]

ROLE_LABELS = {
    "metropole_coordinator": "Coordination métropolitaine",
    "programme_coordinator": "Coordination de programme",
    "referent": "Référent de parcours",
    "psychologist": "Psychologue",
    "finance_officer": "Chargé·e des finances",
    "board_secretary": "Secrétariat d'instance",
    "reader": "Élu·e / lecteur",
}


def test_each_demo_role_signs_in_sees_its_home_page_and_signs_out(page):
    # One test for the seven roles: the demo world is loaded once (a test costs a database reload).
    for username, first_name, _, organisation, role in DEMO_USERS:
        login(page, username)
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {first_name}")
        lead = page.locator(".lead")
        expect(lead).to_contain_text(ROLE_LABELS[role])
        expect(lead).to_contain_text(organisation)
        expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
        assert_no_axe_violations(page)  # each role has its own cards on the home page

        page.get_by_role("button", name="Se déconnecter").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/comptes/connexion/\?next=/$"))


def test_wrong_password_shows_a_french_error(page):
    login(page, "coordination.dijon", password="pas-le-bon-mot-de-passe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    expect(page.get_by_role("alert")).to_contain_text("mot de passe valides")
    expect(page.get_by_label("Identifiant")).to_have_value("coordination.dijon")


def test_youth_counts_show_2016_and_tell_which_printed_evolutions_hold(page):
    login(page, "coordination.metropole")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Jeunes identifiés").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeunes identifiés par programme")

    table = page.get_by_role("table", name="Jeunes identifiés et évolution annuelle")
    years = table.locator("thead th").all_inner_texts()
    total_2016 = table.locator("tfoot td").nth(years.index("2016") - 1)
    expect(total_2016).to_contain_text("913")

    checks = page.get_by_role("table", name="Évolutions imprimées comparées aux effectifs")
    rows = checks.locator("tbody tr")
    expect(rows).to_have_count(6)  # the network total and the five communes, as printed in 2017
    total = rows.filter(has_text="Total du réseau")
    expect(total).to_contain_text("+18%")
    expect(total).to_contain_text("+12,44")
    expect(total).to_contain_text("ne se vérifie pas")
    expect(total).to_contain_text("812 → 913")
    # 2015 per commune: computed from the demo's historical files (a fictitious split of the 812).
    for commune, printed, verdict, counts in [
        ("Chenôve", "+16%", "✓ se vérifie", "97 → 113"),
        ("Dijon", "+20%", "ne se vérifie pas", "457 → 551"),
        ("Longvic", "+5.5%", "ne se vérifie pas", "95 → 101"),
        ("Quetigny", "-50%", "ne se vérifie pas", "83 → 42"),
        ("Talant", "+32.5%", "✓ se vérifie", "80 → 106"),
    ]:
        row = rows.filter(has=page.get_by_role("cell", name=commune, exact=True))
        expect(row).to_contain_text(printed)
        expect(row).to_contain_text(verdict)
        expect(row).to_contain_text(counts)
    expect(page.locator(".alert-warning").filter(has_text="impliquent un total 2015")).to_contain_text(
        re.compile(r"816[.,]3 jeunes, alors que le total enregistré est de 812")
    )


def test_entering_a_youth_count_updates_the_table(page):
    login(page, "coordination.dijon")
    page.goto("/territoires/effectifs/")
    page.get_by_role("link", name="saisir un effectif pour Dijon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saisir un effectif — PRE de Dijon")
    page.get_by_label("Année").fill("2017")
    page.get_by_label("Jeunes identifiés").fill("587")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_contain_text("Effectif 2017 de Dijon enregistré : 587.")
    table = page.get_by_role("table", name="Jeunes identifiés et évolution annuelle")
    years = table.locator("thead th").all_inner_texts()
    assert "2017" in years
    dijon = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=re.compile(r"^Dijon")))
    cell_2017 = dijon.locator("td").nth(years.index("2017") - 1)
    expect(cell_2017).to_contain_text("587")
    expect(cell_2017).to_contain_text("+6,5")  # 551 → 587


def test_youth_count_form_errors_are_shown_in_french(page):
    login(page, "coordination.dijon")
    page.goto(f"/territoires/programmes/{Programme.objects.get(name='PRE de Dijon').pk}/effectifs/saisir/")
    page.get_by_label("Année").fill("1990")
    page.get_by_role("button", name="Enregistrer").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Année : elle doit être postérieure ou égale à 2000.")
    expect(errors).to_contain_text("Jeunes identifiés : ce champ est obligatoire.")


# --- axe-core: no WCAG 2.1 A/AA violation on the pages of issue 2 ---------------------------------


def _signed_in_pages():
    """Every page of issue 2 behind sign-in, as the métropole coordinator (who may see them all)."""
    dijon = Programme.objects.get(name="PRE de Dijon").pk
    caisse = Organisation.objects.get(short_name="Caisse des écoles de Dijon").pk  # has a representative
    return {
        "accueil": "/",
        "organisations": "/territoires/organisations/",
        "organisation": f"/territoires/organisations/{caisse}/",
        "programmes": "/territoires/programmes/",
        "programme": f"/territoires/programmes/{dijon}/",
        "territoires": "/territoires/quartiers/",
        "effectifs": "/territoires/effectifs/",
        "saisie d'effectif": f"/territoires/programmes/{dijon}/effectifs/saisir/",
        "historique": "/audit/historique/",
        "connexions": "/audit/connexions/",
    }


def _submit_youth_count_with_errors(page):
    page.get_by_label("Année").fill("3000")
    page.get_by_label("Jeunes identifiés").fill("-4")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".field-error")).to_have_count(2)


def _check_pages(page, pages, check):
    """Run ``check(page)`` on each page; report every failing page at once, not only the first."""
    failures = []
    for name, path in pages.items():
        response = page.goto(path)
        if response.status != 200:
            failures.append(f"{name} ({path}): HTTP {response.status}")
            continue
        if name == "saisie d'effectif (erreurs)":
            _submit_youth_count_with_errors(page)
        problem = check(page)
        if problem:
            failures.append(f"{name} ({path}):\n{problem}")
    if failures:
        pytest.fail("\n".join(failures))


def _axe(page, skip_rules=()):
    violations = axe_violations(page, skip_rules)
    return format_violations(violations) if violations else None


def test_axe_pages_before_sign_in(page):
    user = User.objects.get(username="coordination.dijon")
    user.email = "coordination.dijon@example.org"
    user.save(update_fields=["email"])
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    _check_pages(
        page,
        {
            "connexion": "/comptes/connexion/",
            "mot de passe oublié": "/comptes/mot-de-passe/oubli/",
            "lien envoyé": "/comptes/mot-de-passe/oubli/envoye/",
            "lien expiré": f"/comptes/mot-de-passe/nouveau/{uid}/expire/",
            "nouveau mot de passe": f"/comptes/mot-de-passe/nouveau/{uid}/{token}/",
        },
        _axe,
    )
    expect(page.get_by_label("Nouveau mot de passe")).to_be_visible()  # the valid link's form was checked
    login(page, "coordination.metropole", password="faux")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_axe_violations(page)


def test_axe_signed_in_pages(page):
    login(page, "coordination.metropole")
    pages = _signed_in_pages()
    pages["saisie d'effectif (erreurs)"] = pages["saisie d'effectif"]
    _check_pages(page, pages, _axe)


def test_pages_reflow_on_a_narrow_screen(page):
    """WCAG 1.4.10: at 320 CSS pixels nothing but a wide table's own container scrolls sideways,
    and such a container stays usable (axe checks it is reachable by keyboard)."""
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, "coordination.metropole")
    pages = {"connexion": "/comptes/connexion/", **_signed_in_pages()}

    def check(page):
        overflow = horizontal_overflow(page)
        if overflow:
            return f"sticks out of the screen: {', '.join(overflow)}"
        # Contrast does not depend on the width (test_axe_signed_in_pages checks it) and is axe's slowest rule.
        return _axe(page, skip_rules=["color-contrast"])

    _check_pages(page, pages, check)
