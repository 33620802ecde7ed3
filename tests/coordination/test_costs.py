"""Paid costs of analyse de la pratique sessions reach the convention's execution (actuals)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.coordination import services
from reussite.coordination.models import EventCost, ProviderRate
from reussite.funding import actuals
from reussite.funding.models import BudgetLine, Convention

from .factories import convention_2017, event, rate

pytestmark = pytest.mark.django_db
D = datetime.date
MARCH_16 = D(2017, 3, 16)


def _session(world, day=MARCH_16, **kw):
    return event(world, title="Analyse de la pratique", kind="analyse-de-la-pratique", day=day, **kw)


def test_paid_session_feeds_the_line_unpaid_does_not(world):
    _, line = convention_2017(world.network)
    rate(world.provider)
    cost = services.record_cost(_session(world), provider=world.provider, unit="session", quantity=Decimal(1))
    line.refresh_from_db()
    assert cost.amount == Decimal("430.00")
    assert line.actual_amount == Decimal("0")  # recorded, not paid
    services.mark_paid(cost, D(2017, 4, 15))
    line.refresh_from_db()
    assert line.actual_amount == Decimal("430.00")
    services.mark_paid(cost, None)
    line.refresh_from_db()
    assert line.actual_amount == Decimal("0")


def test_dated_rates_apply_from_their_date_per_hour(world):
    rate(world.provider, "60", D(2017, 1, 1), unit=ProviderRate.Unit.HOUR)
    rate(world.provider, "75", D(2017, 6, 1), unit=ProviderRate.Unit.HOUR)
    before = services.record_cost(
        _session(world, D(2017, 5, 31)), provider=world.provider, unit="hour", quantity=Decimal("2.5")
    )
    after = services.record_cost(
        _session(world, D(2017, 6, 1)), provider=world.provider, unit="hour", quantity=Decimal("2.5")
    )
    assert (before.amount, after.amount) == (Decimal("150.00"), Decimal("187.50"))


def test_no_rate_in_force_is_refused_with_a_french_message(world):
    rate(world.provider, valid_from=D(2018, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.record_cost(_session(world), provider=world.provider, unit="session", quantity=Decimal(1))
    assert "aucun tarif" in str(error.value)


def test_other_network_costs_and_other_years_do_not_feed_the_line(world):
    _, line = convention_2017(world.network)
    convention_2017(world.other_network)
    other_provider = world.other_carrier
    rate(world.provider)
    rate(other_provider, "999")
    own = services.record_cost(_session(world), provider=world.provider, unit="session", quantity=Decimal(1))
    services.mark_paid(own, D(2017, 4, 1))
    other = services.record_cost(
        _session(world, network="other"), provider=other_provider, unit="session", quantity=Decimal(1)
    )
    services.mark_paid(other, D(2017, 4, 1))
    next_year = services.record_cost(
        _session(world, D(2018, 1, 16)), provider=world.provider, unit="session", quantity=Decimal(1)
    )
    services.mark_paid(next_year, D(2018, 2, 1))
    line.refresh_from_db()
    assert line.actual_amount == Decimal("430.00")


def test_a_practice_exchange_feeds_nothing(world):
    _, line = convention_2017(world.network)
    rate(world.provider)
    cost = services.record_cost(event(world), provider=world.provider, unit="session", quantity=Decimal(1))
    services.mark_paid(cost, D(2017, 4, 1))
    line.refresh_from_db()
    assert line.actual_amount is None


def test_the_provider_is_registered_in_funding():
    assert "coordination.event_costs" in actuals.registered_providers()


def test_demo_2017_analyse_de_la_pratique_in_the_convention_execution(client, demo_world):
    """The demo: ten sessions at 430 €, nine paid: 3 870 € of 4 300 € in the execution report."""
    convention = Convention.objects.get(reference="CONV-PRE-2017")
    line = BudgetLine.objects.get(convention=convention, year=2017, action_kind__code="analyse-de-la-pratique")
    assert line.planned_amount == Decimal("4300")
    assert line.actual_amount == Decimal("3870.00")
    from reussite.accounts.models import User

    client.force_login(User.objects.get(username="coordination.metropole"))
    page = client.get(reverse("funding:convention_detail", args=[convention.pk]) + "?annee=2017").content.decode()
    assert "3 870,00" in page.replace("\u202f", " ").replace("\xa0", " ")


def test_demo_is_idempotent(demo_world):
    from django.core.management import call_command

    from reussite.coordination.models import Event, Feedback, Invitation

    counts = (Event.objects.count(), Invitation.objects.count(), Feedback.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Event.objects.count(), Invitation.objects.count(), Feedback.objects.count()) == counts
    line = BudgetLine.objects.get(convention__reference="CONV-PRE-2017", action_kind__code="analyse-de-la-pratique")
    assert line.actual_amount == Decimal("3870.00")


def test_finance_officer_records_and_pays_a_cost_on_the_page(client, world):
    convention, line = convention_2017(world.network)
    rate(world.provider)
    session = _session(world)
    client.force_login(world.user(Role.FINANCE_OFFICER))
    url = reverse("coordination:event_cost", args=[session.pk])
    response = client.post(
        url,
        {
            "provider": world.provider.pk,
            "unit": "session",
            "quantity": "1",
            "invoice_reference": "F-12",
            "paid_on": "2017-04-10",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.actual_amount == Decimal("430.00")
    # A provider of another network answers like an unknown one; nothing changes.
    response = client.post(url, {"provider": world.other_carrier.pk, "unit": "session", "quantity": "3"})
    assert response.status_code == 200 and world.other_carrier.short_name not in response.content.decode()
    line.refresh_from_db()
    assert line.actual_amount == Decimal("430.00")
    # The referent cannot reach the page.
    client.force_login(world.user(Role.REFERENT))
    assert client.get(url).status_code == 404


def test_rates_page_adds_a_dated_rate_with_its_contract_and_prices_later_costs(client, world):
    client.force_login(world.user(Role.FINANCE_OFFICER))
    url = reverse("coordination:rates")
    data = {
        "provider": world.provider.pk,
        "unit": "hour",
        "amount": "80,00",
        "valid_from": "2017-01-01",
        "contract_reference": "MAPA 2017-04",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "Cabinet A" in page and "80,00 €" in page and "MAPA 2017-04" in page
    # The same provider, unit and date twice: refused in French, nothing saved.
    response = client.post(url, {**data, "amount": "90"})
    expected = "Applicable à partir du : ce prestataire a déjà un tarif par heure à cette date."
    assert expected in response.content.decode()
    assert ProviderRate.objects.filter(provider=world.provider).count() == 1
    cost = services.record_cost(_session(world), provider=world.provider, unit="hour", quantity=Decimal("2.5"))
    assert cost.amount == Decimal("200.00")


def test_a_rate_for_an_organisation_of_another_network_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.add_rate(
            network=world.network, provider=world.other_carrier, unit="session", amount=Decimal(1), valid_from=MARCH_16
        )
    assert "Prestataire : organisation inconnue." in str(error.value)
    assert not ProviderRate.objects.exists()


def test_cost_page_takes_a_french_quantity(client, world):
    rate(world.provider, "80", unit=ProviderRate.Unit.HOUR)
    session = _session(world)
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    url = reverse("coordination:event_cost", args=[session.pk])
    response = client.post(url, {"provider": world.provider.pk, "unit": "hour", "quantity": "2,5"})
    assert response.status_code == 302
    assert EventCost.objects.get(event=session).amount == Decimal("200.00")
    assert "2,50" in client.get(url).content.decode()


def test_demo_satisfaction_and_audience_of_analyse_de_la_pratique(client, demo_world):
    """The first three sessions have opinions of the coordinators who came; the sessions are for the
    people who work around schooling (audience by role)."""
    from reussite.accounts.models import User
    from reussite.coordination.models import Event, Feedback

    sessions = Event.objects.filter(kind__code="analyse-de-la-pratique")
    assert {e.audience_roles for e in sessions} == {",programme_coordinator,psychologist,referent,"}
    feedback = Feedback.objects.all()
    assert feedback.count() > 0
    assert {f.invitation.event.title.rsplit(" ", 1)[-1] for f in feedback} == {"1", "2", "3"}
    assert all(f.invitation.attended for f in feedback)
    client.force_login(User.objects.get(username="coordination.metropole"))
    page = client.get(reverse("coordination:feedback_report")).content.decode()
    assert "Cabinet d&#x27;analyse de la pratique (donnée de démonstration)" in page
