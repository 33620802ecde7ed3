"""Issue 3 in a real browser, as a finance officer would do it: create a three-party convention, define
its budget lines and a pro-rata key, see the split, take it to notification, issue the calls for funds,
record a payment, download the call for funds and the convention as PDF, export it as JSON."""

import json
import re

import pytest
from playwright.sync_api import expect

from reussite.funding.models import CallForFunds, Convention, Payment

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]

REFERENCE = "CONV-NAV-2025"


def label(text):
    """A form label, whatever follows it (the required-field star)."""
    return re.compile(rf"^{re.escape(text)}")


def settle(page):
    """Forms re-validate through htmx on change: let those requests finish before going on."""
    page.wait_for_load_state("networkidle")


def fill_validated(page, text, value, select=False):
    """Fill a field of the convention form, which htmx re-renders after each change: wait for it."""
    field = page.get_by_label(label(text)).first
    with page.expect_response(lambda r: "/conventions/valider/" in r.url):
        if select:
            field.select_option(value=value)
        else:
            field.fill(value)
            field.blur()
    settle(page)


def fill(page, text, value):
    field = page.get_by_label(label(text)).first
    field.fill(value)
    field.blur()
    settle(page)


def assert_saved(page):
    """No form error on the page (the messages are in the failure report otherwise)."""
    errors = page.locator(".form-errors, .field-error").all_inner_texts()
    assert not errors, errors


def add_party(page, pk, organisation, role, approval_date):
    page.goto(f"/conventions/{pk}/parties/ajouter/")
    page.get_by_label(label("Organisation")).select_option(label=organisation)
    page.get_by_label(label("Rôle")).select_option(value=role)
    page.get_by_label(label("Date de la délibération d'approbation")).fill(approval_date)
    page.get_by_label(label("A approuvé la convention")).check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()
    assert_saved(page)


def change_status(page, pk, status_label, day):
    page.goto(f"/conventions/{pk}/statut/")
    page.get_by_label(label("Nouveau statut")).select_option(label=status_label)
    page.get_by_label(label("Date d'effet")).fill(day)
    page.get_by_role("button", name="Enregistrer le changement").click()
    page.wait_for_load_state()
    assert_saved(page)


def test_convention_from_creation_to_payment_and_pdf(page):
    login(page, "finances.metropole")

    # 1. Create the convention.
    page.goto("/conventions/nouvelle/")
    fill_validated(page, "Référence", REFERENCE)
    fill_validated(page, "Intitulé", "Convention 2025 de coordination des PRE (essai navigateur)")
    fill_validated(page, "Type", "annual", select=True)
    fill_validated(page, "Première année", "2025")
    fill_validated(page, "Dernière année", "2025")
    fill_validated(page, "Date de fin", "2025-12-31")
    fill_validated(page, "Lieu de signature", "Dijon")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()
    assert_saved(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajouter une partie")  # the next step
    pk = Convention.objects.get(reference=REFERENCE).pk

    # 2. Three parties: the métropole coordinates, two CCAS pay.
    add_party(page, pk, "Dijon Métropole", "coordinator", "2025-01-20")
    add_party(page, pk, "CCAS de Chenôve", "paying", "2025-01-22")
    add_party(page, pk, "CCAS de Longvic", "paying", "2025-01-23")

    # 3. Budget lines of 2025.
    page.goto(f"/conventions/{pk}/2025/lignes/")
    page.get_by_label("Action (ligne 1)").select_option(label="Coordination")
    page.get_by_label("Montant prévu (ligne 1)").fill("2000")
    page.get_by_label("Action (ligne 2)").select_option(label="Formation")
    page.get_by_label("Montant prévu (ligne 2)").fill("1000")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()
    assert_saved(page)

    # 4. Funding: the métropole brings 2 000 €, 1 000 € shared pro rata of the youth identified in 2016
    #    (Chenôve 113, Longvic 101): 528 € and 472 € to the euro by the largest remainder.
    page.goto(f"/conventions/{pk}/2025/financement/")
    fill(page, "Coût prévisionnel", "3000")
    fill(page, "Montant réparti entre les parties versantes", "1000")
    page.get_by_label(label("Clé de répartition")).select_option(value="pro_rata")
    settle(page)
    fill(page, "Année de référence des effectifs", "2016")
    page.get_by_label("Nature — Dijon Métropole").select_option(value="contribution")
    settle(page)
    page.get_by_label("Montant fixé — Dijon Métropole").fill("2000")
    page.get_by_label("Nature — CCAS de Chenôve").select_option(value="key")
    page.get_by_label("Nature — CCAS de Longvic").select_option(value="key")
    settle(page)
    page.get_by_role("button", name="Enregistrer et calculer la répartition").click()
    page.wait_for_load_state()
    assert_saved(page)

    # 5. The split on the convention page.
    page.goto(f"/conventions/{pk}/?annee=2025")
    main = page.locator("main")
    expect(main).to_contain_text(re.compile(r"528,00\s€"))
    expect(main).to_contain_text(re.compile(r"472,00\s€"))

    # 6. Approved, signed, notified: then the calls for funds can be issued.
    change_status(page, pk, "Approuvée par toutes les parties", "2025-01-25")
    change_status(page, pk, "Signée", "2025-02-03")
    change_status(page, pk, "Notifiée", "2025-02-10")
    page.goto(f"/conventions/{pk}/?annee=2025")
    page.get_by_role("link", name="Émettre les appels de fonds 2025").click()
    page.get_by_label(label("Date d'émission")).fill("2025-02-15")
    page.get_by_role("button", name="Émettre").click()
    page.wait_for_load_state()
    calls = CallForFunds.objects.filter(convention_id=pk).order_by("number")
    assert [c.amount for c in calls] == [528, 472]

    # 7. A partial payment of Chenôve's call.
    chenove = calls.get(party__organisation__short_name="CCAS de Chenôve")
    page.goto(f"/conventions/appels-de-fonds/{chenove.pk}/")
    page.get_by_role("link", name=re.compile("Enregistrer un paiement")).click()
    page.get_by_label(label("Montant")).fill("300")
    page.get_by_label(label("Date de paiement")).fill("2025-03-01")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.wait_for_load_state()
    assert_saved(page)
    assert Payment.objects.get(call=chenove).amount == 300

    # 8. The call for funds and the convention as PDF, the convention as JSON.
    page.goto(f"/conventions/appels-de-fonds/{chenove.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    response = page.request.get(f"/conventions/{pk}/pdf/")
    assert response.status == 200
    assert response.body().startswith(b"%PDF")
    assert response.headers["content-disposition"] == 'attachment; filename="convention-2025-dijon-metropole.pdf"'
    exported = json.loads(page.request.get(f"/conventions/{pk}/json/").body())
    shares = {s["party"]: s for s in exported["years"][0]["funding"]["shares"]}
    assert shares["CCAS de Chenôve"]["key_count"] == 113 and shares["CCAS de Chenôve"]["amount"] == "528.00"


def test_json_import_page_lists_errors_then_imports(page):
    from .conftest import assert_no_axe_violations

    login(page, "coordination.metropole")
    exported = json.loads(
        page.request.get(f"/conventions/{Convention.objects.get(reference='CPO-PRE-2024-2026').pk}/json/").body()
    )
    exported["convention"]["reference"] = "CPO-IMPORT-ESSAI"
    exported["parties"][2]["organisation"] = "CCAS de Nulle-Part"

    page.goto("/conventions/importer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer une convention (JSON)")
    assert_no_axe_violations(page)
    file_field = page.get_by_label("Fichier JSON de la convention")
    file_field.set_input_files(
        {"name": "cpo.json", "mimeType": "application/json", "buffer": json.dumps(exported).encode()}
    )
    page.get_by_role("button", name="Importer").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("rien n'a été importé")
    expect(alert).to_contain_text("parties[2].organisation : organisation inconnue « CCAS de Nulle-Part »")
    assert_no_axe_violations(page)
    assert not Convention.objects.filter(reference="CPO-IMPORT-ESSAI").exists()

    exported["parties"][2]["organisation"] = "CCAS de Chenôve"
    page.get_by_label("Fichier JSON de la convention").set_input_files(
        {"name": "cpo.json", "mimeType": "application/json", "buffer": json.dumps(exported).encode()}
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("CPO-IMPORT-ESSAI")
    expect(page.get_by_role("status")).to_contain_text("Convention CPO-IMPORT-ESSAI importée.")


def test_a_signed_convention_changes_by_an_avenant(page):
    """Issue 11: the 2017 convention (expired, so signed) is not edited silently: changing an article
    leads to an avenant, numbered, whose change is recorded, then approved and signed."""
    from reussite.funding import demo
    from reussite.funding.models import Amendment, AmendmentChange

    from .conftest import assert_no_axe_violations

    login(page, "finances.metropole")
    pk = Convention.objects.get(reference=demo.REF_2017).pk

    # 1. Editing an article of the signed convention: refused, the avenant page opens.
    page.goto(f"/conventions/{pk}/articles/")
    title = page.get_by_label(label("Titre")).first
    title.fill("Objet de la convention (modifié par avenant)")
    page.get_by_role("button", name="Enregistrer les articles").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("ne se modifient que par un avenant")
    assert not AmendmentChange.objects.exists()

    # 2. Open avenant n° 1, then make the change under it.
    page.get_by_label(label("Objet")).fill("Précision de l'objet de la convention")
    page.get_by_label(label("Date du projet")).fill("2017-10-02")
    page.get_by_role("button", name="Ouvrir l'avenant").click()
    page.wait_for_load_state()
    assert_saved(page)
    page.goto(f"/conventions/{pk}/articles/")
    page.get_by_label(label("Titre")).first.fill("Objet de la convention (modifié par avenant)")
    page.get_by_role("button", name="Enregistrer les articles").click()
    page.wait_for_load_state()
    assert_saved(page)
    assert AmendmentChange.objects.get().after.startswith("Objet de la convention (modifié par avenant)")

    # 3. Its approval and signature, on its page.
    page.goto(f"/conventions/{pk}/")
    expect(page.locator("#avenants")).to_be_visible()
    page.get_by_role("link", name="Avenant n° 1").click()
    assert_no_axe_violations(page)
    page.get_by_label(label("Date d'approbation")).fill("2017-10-10")
    page.get_by_role("button", name="Enregistrer l'approbation").click()
    page.wait_for_load_state()
    assert_saved(page)
    page.get_by_label(label("Date de signature")).fill("2017-10-12")
    page.get_by_role("button", name="Enregistrer la signature").click()
    page.wait_for_load_state()
    assert_saved(page)
    amendment = Amendment.objects.get()
    assert (amendment.number, amendment.status) == (1, Amendment.Status.SIGNED)
    page.goto(f"/conventions/{pk}/")
    expect(page.locator("main")).to_contain_text("modifié par avenant")  # the consolidated state


def test_typing_at_human_speed_loses_no_character(page):
    """Issue 12: each change posted to /conventions/valider/ and replaced the fieldset, so the first
    characters typed in the next field vanished and filled fields were emptied (a place of signature
    disappeared from the PDF). Typed at a person's pace, moving on without waiting for the check,
    every field keeps exactly what was typed, and the checks' messages still come and go."""
    login(page, "finances.metropole")
    checks = []
    page.on("response", lambda r: checks.append(r) if "/conventions/valider/" in r.url else None)
    page.goto("/conventions/nouvelle/")
    typed = [
        ("Première année", "1990"),  # wrong on purpose: its message appears while the next field is typed
        ("Référence", "CONV-VITESSE-2025"),
        ("Intitulé", "Convention saisie à vitesse humaine"),
        ("Dernière année", "2025"),
        ("Lieu de signature", "Dijon"),
        ("Objet", "Coordonner les programmes de réussite éducative de la métropole."),
    ]
    for text, value in typed:
        field = page.get_by_label(label(text)).first
        field.click()
        field.press_sequentially(value, delay=60)  # about a person's typing speed
        field.press("Tab")  # the change is checked while the next field is already being typed
    settle(page)
    assert len(checks) >= 3  # checks ran while typing (htmx keeps the last of changes made meanwhile)
    for text, value in typed:
        expect(page.get_by_label(label(text)).first).to_have_value(value)
    expect(page.locator("main")).to_contain_text("Première année : saisissez une année entre 2000 et 2100.")

    # Corrected, again at a person's pace: the message goes, nothing else moves.
    first_year = page.get_by_label(label("Première année")).first
    first_year.fill("")
    first_year.press_sequentially("2025", delay=60)
    first_year.press("Tab")
    settle(page)
    expect(page.locator("main")).not_to_contain_text("Première année : saisissez une année")
    for text, value in typed[1:]:
        expect(page.get_by_label(label(text)).first).to_have_value(value)
