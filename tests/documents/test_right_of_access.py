"""The family's right of access: the whole file of a child as a PDF, from every domain."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.audit.models import AccessLog
from reussite.care.services import record_session, refer_to_psychologist
from reussite.parcours.models import Child, EpsAgendaItem, EpsMeeting
from tests.care.conftest import care as care_world  # noqa: F401  (the care world fixture)
from tests.matrix import served_text
from tests.parcours.factories import children_of


def test_the_file_gathers_every_domain_and_is_logged_once(client, world):
    children = children_of(world)
    child = children["own"]
    coordinator = world.user(Role.PROGRAMME_COORDINATOR)
    meeting = EpsMeeting.objects.create(
        programme=world.programme, date=datetime.date(2025, 3, 1), created_by=coordinator
    )
    EpsAgendaItem.objects.create(meeting=meeting, child=child, decision="entry", note="Entrée validée")
    client.force_login(coordinator)
    response = client.get(reverse("documents:right_of_access", kwargs={"pk": child.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="droit-acces-{child.code}.pdf"'
    text = served_text(response)
    for expected in [
        "anatole propreville",
        "03/02/2014",
        "1 allée propre",
        "maud propreville (mère)",
        "mme témoin",
        "absentéisme",
        "suivi du parcours",
        "axe-own-confidentiel",
        "objectif-own-confidentiel",
        "action-own-confidentielle",
        "synthèse-own-confidentielle",
        "commentaire-own-confidentiel",
        "entrée validée",
        "droit d'accès : dossier remis à la famille",
    ]:
        assert expected in text, expected
    for other in ["bérénice", "dorothée", "sansreferent"]:
        assert other not in text
    logged = AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(Child), object_id=child.pk)
    assert list(logged.values_list("reason", flat=True)) == ["Droit d'accès : dossier remis à la famille"]


@pytest.fixture
def care(db, care_world):  # noqa: F811  (needs the database, which the care fixture assumes)
    return care_world


def test_psychological_referrals_and_sessions_are_in_the_file(client, care):
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 6, datetime.date(2017, 2, 1))
    record_session(care["psy"].user, referral, datetime.date(2017, 2, 6), 45, "child", "attended")
    client.force_login(care["coordinator"])
    text = served_text(client.get(reverse("documents:right_of_access", kwargs={"pk": care["child"].pk})))
    assert "01/02/2017 psy un 6,0" in text or ("psy un" in text and "01/02/2017" in text)
    assert "06/02/2017 45 min l'enfant réalisée" in text
