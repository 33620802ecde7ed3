"""Issue 4 in a real browser, as the CCAS de Dijon board secretary would do it: prepare a sitting, take
attendance with a proxy, record a counted vote, download the extract; the refusals she relies on (a
convocation too late, a proxy to an absent member, more votes than voters); then the demo's sitting of
2 October 2024, whose extract reads like the seed. axe-core checks every governance page visited."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import expect

from reussite.governance.extract import build_extract
from reussite.governance.models import Attendance, Deliberation, Member, Sitting

from .conftest import assert_no_axe_violations, field, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]

SECRETARY = "secretariat.ccas-dijon"
BOARD = "Conseil d'administration du CCAS de Dijon"
SUBJECT = "Approbation de l'avenant n° 1 à la convention pluriannuelle d'objectifs (essai navigateur)"


def heading(page):
    return page.get_by_role("heading", level=1)


def fact(page, term):
    """The value of a term of the page's facts list (<dt>term</dt><dd>value</dd>)."""
    return page.locator("dl.gov-facts dt", has_text=re.compile(rf"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def open_board(page):
    page.goto("/deliberations/")
    expect(heading(page)).to_have_text("Registres des délibérations")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=BOARD, exact=True).click()
    expect(heading(page)).to_have_text(f"Registre des délibérations — {BOARD}")
    assert_no_axe_violations(page)


def test_prepare_a_sitting_take_attendance_vote_and_download_the_extract(page):
    login(page, SECRETARY)
    open_board(page)

    # 1. Prepare a sitting on Wednesday 12 March 2025. Convened on the 10th, only 1 clear day: refused.
    page.get_by_role("link", name="Préparer une séance").click()
    expect(heading(page)).to_have_text(f"Préparer une séance — {BOARD}")
    assert_no_axe_violations(page)
    page.get_by_label(field("Date de la séance")).fill("2025-03-12")
    page.get_by_label(field("Date de convocation")).fill("2025-03-10")
    page.get_by_label(field("Président de séance")).select_option(label="M. Antoine HOAREAU")
    page.get_by_label(field("Ordre du jour")).fill(SUBJECT)
    submit(page, "Préparer la séance")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "Date de convocation : la convocation doit être envoyée au moins 3 jours francs avant la séance "
        "(ni le jour de l'envoi ni celui de la séance ne comptent), soit au plus tard le 08/03/2025 ; "
        "elle l'a été le 10/03/2025 (1 jour(s) franc(s))."
    )
    convocation = page.get_by_label(field("Date de convocation"))
    expect(convocation).to_have_value("2025-03-10")  # what was entered is kept
    # A screen reader announces the refusal with the field (aria-describedby), and the agenda's help text.
    expect(convocation).to_have_accessible_description(re.compile(r"au plus tard le 08/03/2025"))
    expect(page.get_by_label(field("Ordre du jour"))).to_have_accessible_description(
        "Un point par ligne (vous pourrez en ajouter ensuite)."
    )
    assert_no_axe_violations(page)
    assert not Sitting.objects.filter(date="2025-03-12").exists()

    # Convened on 8 March: exactly 3 clear days (9, 10, 11), accepted.
    page.get_by_label(field("Date de convocation")).fill("2025-03-08")
    submit(page, "Préparer la séance")
    expect(page.get_by_role("status")).to_contain_text("Séance du 12/03/2025 préparée.")
    expect(heading(page)).to_have_text("Séance du 12 mars 2025")
    expect(fact(page, "Président de séance")).to_have_text("M. Antoine HOAREAU")
    expect(fact(page, "Membres en exercice")).to_have_text("17 (quorum : 9 présents)")
    agenda = page.get_by_role("table", name="Ordre du jour")
    expect(agenda.locator("tbody tr")).to_have_count(1)
    expect(agenda.locator("tbody tr").first).to_contain_text(SUBJECT)
    expect(agenda.locator("tbody tr").first).to_contain_text("présences non relevées")
    assert_no_axe_violations(page)
    sitting_url = page.url

    # 2. Attendance of item 1: M. REBSAMEN gives his proxy to Mme JACQUENET, who is absent: refused.
    page.get_by_role("link", name="Relever les présences du point 1").click()
    expect(heading(page)).to_have_text(f"Présences — point 1 : {SUBJECT}")
    assert_no_axe_violations(page)
    page.get_by_label(field("Présence de Mme JACQUENET")).select_option(value="absent")
    page.get_by_label(field("Présence de Mme TENENBAUM")).select_option(value="excused")
    page.get_by_label(field("Présence de M. REBSAMEN")).select_option(value="represented")
    page.get_by_label(field("M. REBSAMEN représenté par")).select_option(label="Mme JACQUENET")
    submit(page, "Enregistrer les présences")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Présences refusées")
    expect(alert).to_contain_text(
        "Représenté par : le pouvoir de M. REBSAMEN est donné à Mme JACQUENET, qui ne figure pas parmi les présents ; "
        "un mandataire doit être présent."
    )
    # What was entered is shown again, to be corrected.
    expect(page.get_by_label(field("Présence de M. REBSAMEN"))).to_have_value("represented")
    assert_no_axe_violations(page)
    assert not Attendance.objects.filter(item__sitting__date="2025-03-12").exists()

    # The proxy goes to M. HOAREAU, present: 14 present, 1 represented, 1 excused, 1 absent.
    page.get_by_label(field("M. REBSAMEN représenté par")).select_option(label="M. HOAREAU")
    submit(page, "Enregistrer les présences")
    expect(page.get_by_role("status")).to_contain_text("Présences du point 1 enregistrées.")
    expect(page).to_have_url(sitting_url)
    row = page.get_by_role("table", name="Ordre du jour").locator("tbody tr").first
    expect(row.locator("td")).to_have_text(
        [
            re.compile("1"),
            re.compile(re.escape(SUBJECT)),
            "14",
            "1",
            "atteint",
            "—",
            re.compile("Relever les présences"),
        ]
    )

    # 3. The vote, counted. More votes than the 15 voters first: refused.
    page.get_by_role("link", name="Enregistrer le vote du point 1").click()
    expect(heading(page)).to_have_text(f"Vote — point 1 : {SUBJECT}")
    expect(fact(page, "Présents")).to_have_text("14 sur 17 en exercice (quorum : 9)")
    expect(fact(page, "Votants")).to_have_text("15")
    expect(fact(page, "Quorum")).to_have_text("atteint")
    assert_no_axe_violations(page)
    page.get_by_label(field("décompte des voix")).check()
    page.get_by_label(field("Voix pour")).fill("13")
    page.get_by_label(field("Voix contre")).fill("2")
    page.get_by_label(field("Abstentions")).fill("1")
    page.get_by_label(field("Texte de la délibération")).fill(
        "Les membres du conseil d'administration approuvent l'avenant n° 1 joint en annexe."
    )
    submit(page, "Enregistrer le vote")
    expect(page.get_by_role("alert")).to_contain_text(
        "16 voix et abstentions déclarées (13 pour, 2 contre, 1 abstention(s)) pour 15 votant(s) "
        "(présents et représentés) ; le total ne peut dépasser le nombre de votants."
    )
    expect(page.get_by_label(field("décompte des voix"))).to_be_checked()
    expect(page.get_by_label(field("Voix pour"))).to_have_value("13")
    assert_no_axe_violations(page)
    assert not Deliberation.objects.filter(year=2025).exists()

    page.get_by_label(field("Voix pour")).fill("12")
    submit(page, "Enregistrer le vote")

    # 4. The computed outcome: adopted by 12 of the 14 votes cast; numbered first of the board's 2025.
    decision = "Adoptée par 12 voix pour, 2 voix contre et 1 abstention."
    expect(page.get_by_role("status")).to_contain_text(f"Vote enregistré : délibération n° 2025-001 — {decision}")
    expect(heading(page)).to_have_text("Délibération n° 2025-001")
    expect(fact(page, "Vote")).to_have_text(f"{decision} 14 suffrage(s) exprimé(s).")
    expect(fact(page, "Membres présents")).to_contain_text("(14) M. HOAREAU, Mme AKPINAR-ISTIQUAM")
    expect(fact(page, "Membres représentés")).to_have_text("(1) M. REBSAMEN représenté par M. HOAREAU")
    expect(fact(page, "Membres excusés")).to_have_text("(1) Mme TENENBAUM")
    expect(fact(page, "Membres absents")).to_have_text("(1) Mme JACQUENET")
    expect(fact(page, "Exécutoire")).to_contain_text("non")
    assert_no_axe_violations(page)

    # 5. The extract, as the browser downloads it: a PDF named without personal data.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger l'extrait du registre (PDF/A)").click()
    download = download_info.value
    assert download.suggested_filename == "extrait-ccas-dijon-2025-001.pdf"
    surnames = Member.objects.filter(body__code="ccas-dijon").values_list("last_name", flat=True)
    assert len(surnames) == 17
    assert not any(name.lower() in download.suggested_filename.lower() for name in surnames)
    with open(download.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF")
    assert content.rstrip().endswith(b"%%EOF")


def test_seed_sitting_of_2_october_2024_reads_like_the_seed(page):
    login(page, SECRETARY)
    open_board(page)

    page.get_by_role("link", name="Séances", exact=True).click()
    expect(heading(page)).to_have_text(f"Séances — {BOARD}")
    sittings = page.get_by_role("table", name="Séances de l'instance").locator("tbody tr")
    expect(sittings).to_have_count(1)
    expect(sittings.first.locator("td")).to_have_text(
        ["Séance du 2 octobre 2024", "27 septembre 2024", "M. Antoine HOAREAU", "1"]
    )
    assert_no_axe_violations(page)
    page.get_by_role("link", name=BOARD, exact=True).click()

    # The register lists the seed's deliberation, and the year filter keeps it.
    page.get_by_label(field("Année")).select_option("2024")
    page.get_by_role("button", name="Filtrer").click()
    register = page.get_by_role("table", name="Délibérations de 2024")
    expect(register.locator("tbody tr")).to_have_count(1)
    expect(register.locator("tbody tr")).to_contain_text("Adoptée à l'unanimité.")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="2024-001", exact=True).click()
    expect(heading(page)).to_have_text("Délibération n° 2024-001")
    expect(fact(page, "Séance")).to_have_text("2 octobre 2024 (convoquée le 27 septembre 2024)")
    expect(fact(page, "Président de séance")).to_have_text("M. Antoine HOAREAU")
    expect(fact(page, "Membres présents")).to_have_text(
        "(12) M. HOAREAU, Mme AKPINAR-ISTIQUAM, M. MEZUI, Mme CHOLLET, M. FAVERJON, Mme GINDRE, Mme VIAN, "
        "M. FOUSSET, Mme LECOMTE, M. FOUILLOT, M. JASPART, M. AVENA"
    )
    expect(fact(page, "Membres représentés")).to_have_text(
        "(4) M. REBSAMEN représenté par M. HOAREAU, M. BERTHIER représenté par Mme CHOLLET, "
        "Mme JACQUEMARD représentée par M. MEZUI, Mme JACQUENET représentée par Mme LECOMTE"
    )
    expect(fact(page, "Membres excusés")).to_have_text("(1) Mme TENENBAUM")
    expect(fact(page, "Vote")).to_have_text("Adoptée à l'unanimité. 16 suffrage(s) exprimé(s).")
    expect(page.get_by_role("heading", level=2).first).to_contain_text(
        "Objet : Programme de réussite éducative – Convention Pluriannuelle d'Objectifs 2024 – 2026"
    )
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger l'extrait du registre (PDF/A)").click()
    download = download_info.value
    assert download.suggested_filename == "extrait-ccas-dijon-2024-001.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # The sitting, from the deliberation: the item is voted, its attendance counted.
    page.get_by_role("link", name="Séance du 2 octobre 2024").click()
    expect(heading(page)).to_have_text("Séance du 2 octobre 2024")
    row = page.get_by_role("table", name="Ordre du jour").locator("tbody tr").first
    expect(row).to_contain_text("n° 2024-001 — Adoptée à l'unanimité.")
    expect(row.locator("td.num")).to_have_text(["12", "4"])
    assert_no_axe_violations(page)

    # The HTML the PDF/A is printed from, shown in the browser: it reads like the seed.
    deliberation = Deliberation.objects.get(body__code="ccas-dijon", year=2024, number=1)
    page.set_content(render_to_string("governance/extract_print.html", {"extract": build_extract(deliberation)}))
    text = re.sub(r"\s+", " ", page.locator("body").inner_text())
    for line in [
        "CENTRE COMMUNAL D'ACTION SOCIALE DE DIJON",
        "EXTRAIT du Registre des Délibérations du Centre Communal d'Action Sociale de DIJON",
        "Séance du 2 octobre 2024",
        "Président de Séance : M. Antoine HOAREAU.",
        "Date de convocation : 27 septembre 2024.",
        "Membres présents : (12) M. HOAREAU, Mme AKPINAR-ISTIQUAM, M. MEZUI, Mme CHOLLET, M. FAVERJON, "
        "Mme GINDRE, Mme VIAN, M. FOUSSET, Mme LECOMTE, M. FOUILLOT, M. JASPART, M. AVENA.",
        "Membres excusés représentés : (4) M. REBSAMEN représenté par M. HOAREAU, M. BERTHIER représenté par "
        "Mme CHOLLET, Mme JACQUEMARD représentée par M. MEZUI, Mme JACQUENET représentée par Mme LECOMTE.",
        "Membres excusés : (1) Mme TENENBAUM.",
        "Adoptée à l'unanimité.",
        "Pour extrait conforme au registre des délibérations du Conseil d'Administration.",
    ]:
        assert line in text, line


def test_rectify_the_seed_vote_at_a_later_sitting_then_the_extract_says_so(page):
    """A later sitting corrects the breakdown of the 2 October 2024 vote: the deliberation keeps the
    original, shows the rectified vote, and the extract prints it with the mention."""
    from reussite.governance import services
    from reussite.governance.models import Body

    body = Body.objects.get(code="ccas-dijon")
    president = Member.objects.get(body=body, last_name__iexact="HOAREAU")
    services.prepare_sitting(
        body,
        date=datetime.date(2024, 12, 11),
        convened_on=datetime.date(2024, 12, 4),
        president=president,
        items=["Approbation du procès-verbal de la séance du 2 octobre 2024"],
    )
    login(page, SECRETARY)
    open_board(page)
    page.get_by_role("link", name="2024-001", exact=True).click()
    expect(heading(page)).to_have_text("Délibération n° 2024-001")
    checks = page.get_by_role("table", name=re.compile("Ce que les règles permettent de conclure"))
    expect(checks.locator("tbody tr").first).to_contain_text("respectée")
    assert_no_axe_violations(page)

    # A breakdown that would reject the act is refused: a rectification corrects counts, not decisions.
    page.get_by_label(field("Séance qui rectifie")).select_option(label="Séance du 11/12/2024")
    page.get_by_label(field("décompte des voix")).check()
    page.get_by_label(field("Voix pour")).fill("6")
    page.get_by_label(field("Voix contre")).fill("10")
    page.get_by_label(field("Motif de la rectification")).fill("Erreur de décompte")
    submit(page, "Rectifier le vote")
    expect(page.get_by_role("alert")).to_contain_text("une rectification corrige le décompte, pas la décision")
    assert_no_axe_violations(page)

    page.get_by_label(field("Voix pour")).fill("15")
    page.get_by_label(field("Voix contre")).fill("0")
    page.get_by_label(field("Abstentions")).fill("1")
    page.get_by_label(field("Motif de la rectification")).fill("Une abstention omise au procès-verbal")
    submit(page, "Rectifier le vote")
    expect(page.get_by_role("status")).to_contain_text("Vote de la délibération n° 2024-001 rectifié.")
    expect(fact(page, "Vote")).to_have_text(
        "Adoptée par 15 voix pour, 0 voix contre et 1 abstention. (rectifié en séance du 11 décembre 2024 ; "
        "décompte d'origine : Adoptée à l'unanimité.)"
    )
    expect(page.get_by_role("list").filter(has_text="Séance du 11 décembre 2024")).to_contain_text(
        "Une abstention omise au procès-verbal"
    )
    assert_no_axe_violations(page)

    deliberation = Deliberation.objects.get(body=body, year=2024, number=1)
    assert (deliberation.vote_mode, deliberation.votes_for) == ("unanimous", 16)  # the original is kept
    page.set_content(render_to_string("governance/extract_print.html", {"extract": build_extract(deliberation)}))
    text = re.sub(r"\s+", " ", page.locator("body").inner_text())
    assert "Adoptée par 15 voix pour, 0 voix contre et 1 abstention." in text
    assert (
        "Vote rectifié par le Conseil d'Administration en sa séance du 11 décembre 2024 (Une abstention omise au "
        "procès-verbal) ; décompte initialement enregistré : Adoptée à l'unanimité." in text
    )


def test_members_kept_in_the_pages_and_imported_from_csv(page, tmp_path):
    """The secretary adds members by CSV without the Django admin: a file with an error is refused
    whole, with the line; the corrected file is imported and the members listed."""
    login(page, SECRETARY)
    open_board(page)
    page.get_by_role("link", name="Membres", exact=True).click()
    expect(heading(page)).to_have_text(f"Membres — {BOARD}")
    expect(page.get_by_role("table", name="Membres de l'instance et leurs mandats").locator("tbody tr")).to_have_count(
        17
    )
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Importer des membres (CSV)").click()
    expect(heading(page)).to_have_text(f"Importer des membres — {BOARD}")
    assert_no_axe_violations(page)
    broken = tmp_path / "membres.csv"
    broken.write_text("civilite;prenom;nom;debut_mandat\nMme;Claire;NOUVELLE;2026-13-01\n", encoding="utf-8")
    page.get_by_label(field("Fichier CSV des membres")).set_input_files(str(broken))
    submit(page, "Importer")
    expect(page.get_by_role("alert")).to_contain_text(
        "Ligne 2 : Début du mandat : « 2026-13-01 » n'est pas une date (JJ/MM/AAAA)."
    )
    assert_no_axe_violations(page)
    good = tmp_path / "membres-corrige.csv"
    good.write_text("civilite;prenom;nom;debut_mandat\nMme;Claire;NOUVELLE;01/11/2026\n", encoding="utf-8")
    page.get_by_label(field("Fichier CSV des membres")).set_input_files(str(good))
    submit(page, "Importer")
    expect(page.get_by_role("status").first).to_contain_text("1 membre(s) importé(s), 0 ligne(s) ignorée(s).")
    expect(page.get_by_role("table", name="Membres de l'instance et leurs mandats")).to_contain_text(
        "Mme Claire NOUVELLE"
    )
    assert Member.objects.filter(body__code="ccas-dijon", last_name="NOUVELLE").count() == 1
