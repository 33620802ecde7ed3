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


def test_dijon_coordinator_downloads_the_2016_survey(client, demo_world):
    client.force_login(User.objects.get(username="coordination.dijon"))
    dijon = Programme.objects.get(commune__name="Dijon")
    page = client.get(reverse("reporting:survey_programme", args=[2016, dijon.pk]))
    assert page.status_code == 200
    response = client.get(reverse("reporting:survey_programme_export", args=[2016, dijon.pk, "xlsx"]))
    assert response.status_code == 200
    rows = {
        row[1].strip(): row[3]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True)
    }
    assert rows["Jeunes identifiés (effectif enregistré)"] == 551  # from the seeds
    assert rows["Équivalents temps plein (ETP)"] == 4.5  # demo figure, entered once
    survey = page.context["survey"]
    # nothing to type: only what the demo cannot know (no parcours before 2024) is listed
    assert all("Personnel" not in m.text and "Financements" not in m.text for m in survey.missing)


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
