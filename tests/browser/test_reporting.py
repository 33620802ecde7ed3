"""Issue 14 in a real browser: every dashboard passes axe-core; the Dijon coordinator downloads the
2016 survey file of their programme without typing a figure; the métropole downloads its report."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import assert_no_axe_violations, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]


def open_dashboard(page):
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Tableaux de bord").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord")


def test_dijon_coordinator_downloads_the_2016_survey(page):
    login(page, "coordination.dijon")
    open_dashboard(page)
    expect(page.locator("svg.chart").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Année", exact=True).select_option("2016")
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher").click()
    page.get_by_role("link", name="Enquête annuelle 2016 du programme").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Enquête annuelle des PRE 2016")
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le fichier de l'enquête (XLSX)").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active  # noqa: SIM115
    values = {row[1].strip(): row[3] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["Jeunes identifiés (effectif enregistré)"] == 551


@pytest.mark.parametrize(
    "username, views",
    [
        ("coordination.metropole", ["Coordination métropolitaine", "Finances", "Élu·e / lecteur : chiffres du réseau"]),
        ("finances.metropole", ["Finances"]),
        ("elu.metropole", ["Élu·e / lecteur : chiffres du réseau"]),
    ],
)
def test_every_dashboard_passes_axe(page, username, views):
    login(page, username)
    open_dashboard(page)
    for view in views:
        if len(views) > 1:
            page.get_by_role("navigation", name="Tableaux de bord").get_by_role("link", name=view).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(view)
        expect(page.locator("svg.chart").first).to_be_visible()
        assert_no_axe_violations(page)
    page.get_by_role("link", name="Enquête annuelle 2025 du réseau").click()
    assert_no_axe_violations(page)
