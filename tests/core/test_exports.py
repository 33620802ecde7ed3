"""Every list exports what it shows, as French Excel reads it (CSV: UTF-8 with BOM, « ; », decimal
comma; XLSX), with a totals row on money lists, scoped like the page (the matrix's sentinels)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reussite.core.exports import Column, table, to_csv, to_xlsx
from tests.matrix import entries_by_app, matrix_mismatches

COLUMNS = [
    Column("Partie", lambda r: r[0]),
    Column("Échéance", lambda r: r[1]),
    Column("Appelé", lambda r: r[2], money=True),
]
ROWS = [("=HYPERLINK(1)", datetime.date(2026, 3, 31), Decimal("1234.5")), ("CCAS", None, Decimal("0.50"))]


def test_csv_for_french_excel():
    values, totals = table(ROWS, COLUMNS)
    content = to_csv(COLUMNS, values, totals)
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Partie", "Échéance", "Appelé"],
        ["'=HYPERLINK(1)", "31/03/2026", "1234,5"],  # a typed formula stays text
        ["CCAS", "", "0,50"],
        ["Total", "", "1235,00"],
    ]


def test_xlsx_keeps_numbers_and_dates_typed_and_totals():
    values, totals = table(ROWS, COLUMNS)
    sheet = load_workbook(io.BytesIO(to_xlsx(COLUMNS, values, totals, "Appels"))).active
    assert [c.value for c in sheet[1]] == ["Partie", "Échéance", "Appelé"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "=HYPERLINK(1)"
    assert sheet["B2"].is_date and sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["C2"].value == Decimal("1234.5") or sheet["C2"].value == 1234.5
    assert "€" in sheet["C2"].number_format
    assert [sheet["A4"].value, sheet["C4"].value] == ["Total", 1235]


def test_no_totals_row_without_money():
    _, totals = table([("a",)], [Column("Nom", lambda r: r[0])])
    assert totals is None


class CsvOf:
    """The same matrix entry, asking for its CSV (and the same sentinels must hold)."""

    def __init__(self, entry, wanted):
        self.entry, self.wanted = entry, wanted

    def __getattr__(self, name):
        return getattr(self.entry, name)

    def url(self, world, target):
        return f"{self.entry.url(world, target)}?format={self.wanted}"


EXPORTED = [
    "territory:organisation_list",
    "territory:programme_list",
    "territory:territory_list",
    "accounts:member_list",
    "funding:convention_list",
    "funding:call_list",
    "funding:overdue_list",
    "funding:grant_list",
    "coordination:rates",
    "governance:body_list",
    "territory:youth_counts",
    "audit:change_history",
    "audit:sign_in_events",
]


@pytest.mark.parametrize("url_name", EXPORTED)
def test_an_export_holds_what_the_list_may_show_and_nothing_else(client, world, url_name):
    entry = next(e for e in entries_by_app() if e.url_name == url_name and "list" in e.expect)
    assert entry.content, "an exported list has content checks"
    assert not matrix_mismatches(client, world, CsvOf(entry, "csv"), "list")


@pytest.mark.parametrize("url_name", ["funding:call_list", "accounts:member_list"])
def test_an_export_is_a_file_of_every_filtered_row(client, world, url_name):
    from django.urls import reverse

    from reussite.accounts.models import Role

    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    world.sentinels.texts("call", "own")
    world.sentinels.texts("account", "own")
    for wanted, kind in (("csv", "text/csv"), ("xlsx", "spreadsheetml")):
        response = client.get(reverse(url_name), {"format": wanted, "page": 2})
        assert response.status_code == 200
        assert kind in response["Content-Type"]
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["Content-Disposition"].endswith(f'.{wanted}"')


def test_the_grants_list_exports_its_envelopes_with_a_totals_row(client, world):
    from django.urls import reverse

    from reussite.accounts.models import Role

    world.sentinels.texts("grant", "own")
    world.sentinels.texts("grant", "other_org")
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    response = client.get(reverse("funding:grant_list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *envelopes, total = rows
    assert header[0] == "Enveloppe" and header[-2:] == ["Montant de l'enveloppe", "Attribué"]
    assert {row[0] for row in envelopes} >= {"Enveloppe Azalée", "Enveloppe Bégonia"}
    granted = sum(Decimal(row[-1].replace(",", ".")) for row in envelopes if row[-1])
    assert total[0] == "Total" and Decimal(total[-1].replace(",", ".")) == granted > 0
    # The page links to both files, with its filters.
    page = client.get(reverse("funding:grant_list"), {"annee": "2025"}).content.decode()
    assert "format=csv" in page and "format=xlsx" in page and "annee=2025" in page
