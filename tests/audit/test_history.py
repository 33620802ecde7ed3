import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.audit.services import record_access
from reussite.territory.models import YouthCount

pytestmark = pytest.mark.django_db


def test_youth_count_entry_is_in_the_change_history_with_its_author(client, world):
    coordinator = world.user(Role.PROGRAMME_COORDINATOR)
    client.force_login(coordinator)
    url = reverse("territory:youth_count_edit", args=[world.programme.pk])
    assert client.post(url, {"year": 2020, "count": 40}).status_code == 302
    assert client.post(url, {"year": 2020, "count": 42}).status_code == 302
    entries = LogEntry.objects.get_for_model(YouthCount).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor == coordinator for e in entries)
    assert entries.last().changes_dict["count"] == ["40", "42"]

    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("audit:change_history")).content.decode()
    assert "42" in page and coordinator.username in page
    assert "jeunes identifiés" in page  # field names as users know them


def test_invalid_youth_count_is_refused_in_french_and_not_saved(client, world):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    url = reverse("territory:youth_count_edit", args=[world.programme.pk])
    response = client.post(url, {"year": 2020, "count": -3})
    assert response.status_code == 200
    assert "Jeunes identifiés : le nombre ne peut pas être négatif." in response.content.decode()
    response = client.post(url, {"year": 3000, "count": 3})
    assert response.context["form"].errors["year"] == [
        f"Année : elle ne peut pas dépasser l’année en cours ({timezone.localdate().year})."
    ]
    assert not YouthCount.objects.exists()


def test_access_log_records_who_read_what(world):
    user = world.user(Role.PROGRAMME_COORDINATOR)
    entry = record_access(user, world.programme, "consultation du dossier")
    assert entry.user == user and entry.object_id == world.programme.pk and entry.reason


def test_invalid_input_is_linked_to_its_message(client, world):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    response = client.post(reverse("territory:youth_count_edit", args=[world.programme.pk]), {"year": 2020})
    html = response.content.decode()
    # Django points the input to "<id>_error"; the template must give the message that id.
    assert 'aria-describedby="id_count_error"' in html and 'aria-invalid="true"' in html
    assert 'id="id_count_error"' in html
    assert 'aria-describedby="id_year_error"' not in html


def test_change_history_is_limited_to_the_coordinator_network(client, world):
    from tests.factories import OrganisationFactory

    OrganisationFactory(network=world.other_network, short_name="Secret B")
    mine = OrganisationFactory(network=world.network, short_name="Visible A")
    mine.delete()  # deleted objects stay in the history of their network
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("audit:change_history")).content.decode()
    assert "Visible A" in page
    assert "Secret B" not in page and "Réseau B" not in page


def test_change_history_speaks_french_with_local_times(client, world, time_machine):
    import datetime as dt

    from reussite.accounts.models import Membership
    from tests.factories import OrganisationFactory

    time_machine.move_to(dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC))  # 10:30 in Paris
    OrganisationFactory(network=world.network, short_name="Nouvelle asso")
    membership = Membership.objects.get(user=world.user(Role.FINANCE_OFFICER))
    membership.role = Role.READER
    membership.is_active = False
    membership.save()
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("audit:change_history")).content.decode()
    text = " ".join(page.split())
    assert "Organisation — Nouvelle asso" in text and "Adhésion —" in text
    for technical in [
        "True",
        "False",
        ".None",
        "finance_officer",
        "+00:00",
        ">organisation</option>",
        ">membership</option>",
    ]:
        assert technical not in text, technical
    assert "Chargé·e des finances → Élu·e / lecteur" in text
    assert "Oui → Non" in text
    assert "15/01/2025 10:30" in text and "09:30" not in text


def test_change_history_filters_by_every_audited_kind(client, world):
    from auditlog.registry import auditlog

    from reussite.audit.rules import REFERENTIAL_APPS
    from tests.factories import OrganisationFactory

    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("audit:change_history")).content.decode()
    for model in auditlog.get_models():
        if model._meta.app_label in REFERENTIAL_APPS:
            assert f'<option value="{model._meta.model_name}"' in page
    assert ">Adhésion</option>" in page and ">Organisation</option>" in page
    OrganisationFactory(network=world.network, short_name="Nouvelle asso")
    filtered = client.get(reverse("audit:change_history"), {"objet": "membership"}).content.decode()
    assert "Nouvelle asso" not in filtered
    assert "Nouvelle asso" in client.get(reverse("audit:change_history"), {"objet": "organisation"}).content.decode()
