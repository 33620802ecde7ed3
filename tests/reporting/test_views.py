"""Survey pages and exports, dashboards per role, annual figures, the report: as users meet them."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reussite.accounts.models import Role
from reussite.reporting.models import AnnualFigures
from reussite.reporting.templatetags.reporting import figure
from tests.factories import MembershipFactory
from tests.matrix import normalise, served_text
from tests.query_counts import assert_constant_queries
from tests.reporting.worlds import YEAR, grow, small_world


def words(response) -> str:
    """The text a reader sees: tags dropped, entities decoded, one space between words."""
    return normalise(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def reporting_world(world):
    small_world(world)
    return world


def client_for(client, world, role):
    client.force_login(world.user(role))
    return client


def test_programme_coordinator_sees_their_survey_whole(client, reporting_world):
    w = reporting_world
    response = client_for(client, w, Role.PROGRAMME_COORDINATOR).get(
        reverse("reporting:survey_programme", args=[YEAR, w.programme.pk])
    )
    assert response.status_code == 200
    text = words(response)
    assert "enfants suivis dans l'année 8" in text
    # Azay has 2 boys followed: their own programme, shown as they are
    assert "garçons 2" in text


def test_others_see_small_cells_withheld(client, reporting_world):
    w = reporting_world
    response = client_for(client, w, Role.READER).get(
        reverse("reporting:survey_programme", args=[YEAR, w.programme.pk])
    )
    text = words(response)
    assert "garçons 2" not in text
    assert "garçons < 5" in text


def test_xlsx_opens_and_matches_the_page(client, reporting_world):
    w = reporting_world
    c = client_for(client, w, Role.METROPOLE_COORDINATOR)
    page = c.get(reverse("reporting:survey_network", args=[YEAR]))
    export = c.get(reverse("reporting:survey_network_export", args=[YEAR, "xlsx"]))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    table = page.context["table"]
    assert len(rows) == len(table.rows)
    assert [c.value for c in sheet[2]][3:] == table.columns
    page_text = words(page)
    for row in rows:
        unit = {"€": "eur", "h": "hours", "ETP": "fte", "mois": "months"}.get(row[2] or "", "count")
        cells = []
        for cell in row[3:]:
            if cell is None or cell == "non renseigné":
                cells.append("—")
            elif isinstance(cell, str):
                cells.append(cell)
            else:
                cells.append(figure(cell if isinstance(cell, int) else Decimal(str(cell)), unit))
        # the same line, label then values, is on the page
        assert normalise(" ".join([row[1], *cells])) in page_text, row
    csv = c.get(reverse("reporting:survey_network_export", args=[YEAR, "csv"]))
    assert csv.content.startswith(b"\xef\xbb\xbf") and b";" in csv.content


def test_survey_completeness_names_what_is_missing(client, reporting_world):
    w = reporting_world
    AnnualFigures.objects.filter(programme=w.programme).delete()
    response = client_for(client, w, Role.PROGRAMME_COORDINATOR).get(
        reverse("reporting:survey_programme", args=[YEAR, w.programme.pk])
    )
    text = words(response)
    assert "personnel en équivalents temps plein non saisi" in text
    assert reverse("reporting:annual_figures", args=[YEAR, w.programme.pk]) in response.content.decode()


def test_annual_figures_form_reads_french_numbers(client, reporting_world):
    w = reporting_world
    c = client_for(client, w, Role.PROGRAMME_COORDINATOR)
    url = reverse("reporting:annual_figures", args=[YEAR, w.programme.pk])
    response = c.post(url, {"staff_fte": "3,25", "caf_amount": "1 200,50 €", "departement_amount": "0"})
    assert response.status_code == 302
    figures = AnnualFigures.objects.get(programme=w.programme, year=YEAR)
    assert (figures.staff_fte, figures.caf_amount, figures.departement_amount) == (
        Decimal("3.25"),
        Decimal("1200.50"),
        Decimal("0"),
    )
    response = c.post(url, {"staff_fte": "-1"})
    assert response.status_code == 200
    assert "personnel" in words(response)
    assert AnnualFigures.objects.get(programme=w.programme, year=YEAR).staff_fte == Decimal("3.25")
    # another programme's figures: not found
    other = reverse("reporting:annual_figures", args=[YEAR, w.programme2.pk])
    assert c.get(other).status_code == 404


@pytest.mark.parametrize(
    "role, kind",
    [
        (Role.METROPOLE_COORDINATOR, "metropole"),
        (Role.PROGRAMME_COORDINATOR, "programme"),
        (Role.FINANCE_OFFICER, "finance"),
        (Role.READER, "reader"),
    ],
)
def test_dashboard_query_count_is_constant(client, reporting_world, role, kind):
    w = reporting_world
    c = client_for(client, w, role)
    url = reverse("reporting:dashboard") + f"?vue={kind}&annee={YEAR}"
    response = c.get(url)
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    assert_constant_queries(c, url, lambda n: grow(w, n), maximum=95)


def test_reader_dashboard_shows_no_cell_below_five(client, reporting_world):
    w = reporting_world
    response = client_for(client, w, Role.READER).get(reverse("reporting:dashboard") + f"?annee={YEAR}")
    board = response.context["board"]
    for panel in board.panels:
        if panel.key in ("age", "sex", "years"):
            for row in panel.rows:
                for value in row[1:]:
                    assert not (isinstance(value, int) and 0 < value < 5), (panel.title, row)


def test_report_pdf_has_both_years(client, reporting_world):
    w = reporting_world
    response = client_for(client, w, Role.METROPOLE_COORDINATOR).get(reverse("reporting:report_pdf", args=[YEAR]))
    assert response["Content-Type"] == "application/pdf"
    text = served_text(response)
    assert "2015" in text and "2016" in text and "évolution" in text
    # children followed: 7 in 2015, 14 in 2016, evolution computed
    assert "enfants suivis dans l'année 7 14 +100,0 %" in text


def test_youth_identified_withheld_like_the_referential(client, reporting_world):
    from reussite.territory.models import YouthCount

    w = reporting_world
    YouthCount.objects.filter(programme=w.programme2, year=YEAR).update(count=3)
    c = client_for(client, w, Role.PROGRAMME_COORDINATOR)  # works in Azay, not in Brissac
    survey = c.get(reverse("reporting:survey_programme", args=[YEAR, w.programme2.pk])).context["survey"]
    assert str(survey.value("youth_identified")) == "< 5"
    network = c.get(reverse("reporting:survey_network", args=[YEAR])).context["survey"]
    assert str(network.value("youth_identified")) == "secret"  # 20 + 3 would give Brissac's 3 away
    own = c.get(reverse("reporting:survey_programme", args=[YEAR, w.programme.pk])).context["survey"]
    assert own.value("youth_identified") == 20


def test_api_indicators_default_scope_and_errors(client, reporting_world):
    w = reporting_world
    c = client_for(client, w, Role.READER)
    url = reverse("api:indicators-list")
    data = c.get(url, {"year": YEAR}).json()
    assert data["programme"] is None and data["network"] == w.network.pk and data["year"] == YEAR
    lines = {line["key"]: line for section in data["sections"] for line in section["lines"]}
    assert lines["followed"]["value"] == "14"
    assert lines["staff.fte"]["value"] == "3.70"
    # Azay's 2 boys are a small cell for the reader: withheld, with its mark
    azay = c.get(url, {"year": YEAR, "programme": w.programme.pk}).json()
    boys = next(line for s in azay["sections"] for line in s["lines"] if line["key"] == "sex.M")
    assert boys["value"] is None and boys["withheld"] == "< 5"
    # the other network's programme answers like a missing one
    assert c.get(url, {"programme": w.other_programme.pk}).json() == c.get(url, {"programme": 10**9}).json()
    assert c.get(url, {"programme": w.other_programme.pk}).status_code == 404
    bad = c.get(url, {"programme": "abc"})
    assert bad.status_code == 400 and "programme" in bad.json()
    # without parameters: the last complete year
    assert c.get(url).json()["year"] == 2025


def test_api_refuses_roles_without_indicators(client, reporting_world):
    for role in (Role.REFERENT, Role.PSYCHOLOGIST, Role.BOARD_SECRETARY):
        client.force_login(reporting_world.user(role))
        assert client.get(reverse("api:indicators-list")).status_code == 404


def test_home_card_for_readers_of_the_indicators_only(client, reporting_world):
    w = reporting_world
    assert "Tableaux de bord" in client_for(client, w, Role.READER).get("/").content.decode()
    client.force_login(w.user(Role.BOARD_SECRETARY))
    page = client.get("/").content.decode()
    assert "Ouvrir le tableau de bord" not in page
    assert client.get(reverse("reporting:dashboard")).status_code == 404


def test_report_texts_are_printed(client, reporting_world):
    w = reporting_world
    c = client_for(client, w, Role.METROPOLE_COORDINATOR)
    url = reverse("reporting:report_texts", args=[YEAR, w.metropole.pk])
    assert (
        c.post(url, {"introduction": "Une année de consolidation.", "highlights": "Nouvelle EPS."}).status_code == 302
    )
    text = served_text(c.get(reverse("reporting:report_pdf", args=[YEAR])))
    assert "une année de consolidation." in text and "nouvelle eps." in text
    # the programme coordination writes for its carrier only
    c = client_for(client, w, Role.PROGRAMME_COORDINATOR)
    assert c.get(url).status_code == 404
    assert c.get(reverse("reporting:report_texts", args=[YEAR, w.carrier.pk])).status_code == 200


@pytest.mark.parametrize("query", ["annee=²", "annee=99999999999999999999"])
def test_a_year_that_is_not_ascii_digits_is_not_a_server_error(client, reporting_world, query):
    """« ² » passes str.isdigit() but not int(): the page falls back to its default year."""
    response = client_for(client, reporting_world, Role.READER).get(reverse("reporting:dashboard") + "?" + query)
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("wanted", ["²", "99999999999999999999"])
def test_a_report_programme_that_is_not_an_id_is_not_found(client, reporting_world, wanted):
    response = client_for(client, reporting_world, Role.READER).get(
        reverse("reporting:report_pdf", args=[YEAR]) + f"?programme={wanted}"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.READER, Role.PROGRAMME_COORDINATOR, Role.METROPOLE_COORDINATOR])
def test_api_network_set_is_the_survey_pages(client, reporting_world, role):
    """The API answers the network's survey without building each programme's (``network_survey``):
    the same lines and completeness as the survey page's (``network_surveys``)."""
    from reussite.reporting.api import as_json
    from reussite.reporting.queries import network_surveys

    w = reporting_world
    data = client_for(client, w, role).get(reverse("api:indicators-list"), {"year": YEAR}).json()
    user = w.user(role)
    network, _programmes = network_surveys(user, w.network.pk, YEAR)
    assert data == as_json(network, w.network.pk)
    assert data["missing"]


def test_a_coordinator_of_two_networks_sees_each_programme_s_dashboard(client, reporting_world):
    """A carrier coordinating a programme in two networks: the dashboard of each programme is drawn
    from that programme's own network, whichever network the user's other pages default to."""
    w = reporting_world
    user = w.user(Role.PROGRAMME_COORDINATOR)
    MembershipFactory(user=user, organisation=w.other_carrier, role=Role.PROGRAMME_COORDINATOR)
    c = client_for(client, w, Role.PROGRAMME_COORDINATOR)
    for programme in (w.programme, w.other_programme):
        response = c.get(reverse("reporting:dashboard") + f"?vue=programme&annee={YEAR}&programme={programme.pk}")
        assert response.status_code == 200
        assert programme.commune.name.lower() in words(response)
