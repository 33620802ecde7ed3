"""The demo, tried as a new user: the Dijon coordinator downloads the 2016 survey file of their
programme without typing a figure; the métropole prints its report; the elected member's dashboard
shows the network with charts and no cell below 5."""

import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from reussite.accounts.models import User
from reussite.core.numbers import Withheld
from reussite.territory.models import Programme
from tests.matrix import served_text


def _xlsx_rows(response, column=3):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {row[1].strip(): row[column] for row in sheet.iter_rows(min_row=3, values_only=True) if row[1]}


def test_dijon_coordinator_downloads_the_2016_survey(client, demo_world):
    """The 2016 file of Dijon, complete without typing a figure: youth identified as printed in the
    2017 convention, children figures from the network's historical (anonymised) files."""
    client.force_login(User.objects.get(username="coordination.dijon"))
    dijon = Programme.objects.get(commune__name="Dijon")
    page = client.get(reverse("reporting:survey_programme", args=[2016, dijon.pk]))
    assert page.status_code == 200
    survey = page.context["survey"]
    assert survey.missing == []  # nothing to enter: the completeness check lists nothing
    response = client.get(reverse("reporting:survey_programme_export", args=[2016, dijon.pk, "xlsx"]))
    assert response.status_code == 200
    rows = _xlsx_rows(response)
    assert rows["Jeunes identifiés (effectif enregistré)"] == 551  # printed in the seeds
    assert rows["Enfants suivis dans l'année"] == 551  # computed from the parcours: the same
    assert rows["dont nouveaux entrants"] + rows["dont poursuivant un parcours commencé avant"] == 551
    assert rows["dont poursuivant un parcours commencé avant"] == 251  # followed since 2015
    assert rows["Sorties dans l'année"] > 0 and rows["Parcours terminés"] == rows["Sorties dans l'année"]
    assert rows["Réunions de l'EPS"] == 12 and rows["Enfants examinés"] > 0 and rows["Décisions prises"] > 0
    assert rows["Équivalents temps plein (ETP)"] == 4.5  # demo figure, entered once
    assert sum(rows[label] for label in ("Filles", "Garçons")) == 551
    assert rows["Durée moyenne"] > 0 and rows["Non renseignée"] == 0  # every entry has its referral
    csv = client.get(reverse("reporting:survey_programme_export", args=[2016, dijon.pk, "csv"]))
    assert "Enfants suivis dans l'année;;551" in csv.content.decode("utf-8-sig")


def test_network_2016_survey_is_complete(client, demo_world):
    client.force_login(User.objects.get(username="coordination.metropole"))
    page = client.get(reverse("reporting:survey_network", args=[2016]))
    assert page.context["survey"].missing == []
    response = client.get(reverse("reporting:survey_network_export", args=[2016, "xlsx"]))
    network = _xlsx_rows(response, column=-1)  # the consolidation, after the five programmes
    assert network["Jeunes identifiés (effectif enregistré)"] == 913
    assert network["Enfants suivis dans l'année"] == 913
    assert network["Réunions de l'EPS"] == 60


def test_last_year_survey_is_filled_from_the_parcours(client, demo_world):
    client.force_login(User.objects.get(username="coordination.dijon"))
    dijon = Programme.objects.get(commune__name="Dijon")
    survey = client.get(reverse("reporting:survey_programme", args=[2025, dijon.pk])).context["survey"]
    assert survey.value("followed") > 100
    assert not [m for m in survey.missing if "Aucun enfant" in m.text]


def test_metropole_prints_the_annual_report(client, demo_world):
    client.force_login(User.objects.get(username="coordination.metropole"))
    response = client.get(reverse("reporting:report_pdf", args=[2025]))
    assert response["Content-Type"] == "application/pdf"
    text = served_text(response)
    assert "texte de démonstration" in text and "2024" in text and "2025" in text


def test_elected_member_sees_no_cell_below_five(client, demo_world):
    client.force_login(User.objects.get(username="elu.metropole"))
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200 and "<svg" in response.content.decode()
    board = response.context["board"]
    assert board.kind == "reader"
    for panel in board.panels:
        if panel.key in ("age", "sex", "years"):
            for row in panel.rows:
                assert all(isinstance(v, Withheld) or not (0 < v < 5) for v in row[1:]), (panel.title, row)
    # nothing nominative, not even a child's code
    assert not re.search(r"E-[A-Z0-9]{8}", response.content.decode())
