from decimal import Decimal

from django.core.management import call_command

from reussite.care.demo import invoice_statuses
from reussite.care.models import CareInvoice, CareReferral, CareSession, HourBudget, Psychologist
from reussite.territory.models import Network


def test_demo_splits_the_2017_line_and_shows_every_invoice_status(demo_world):
    network = Network.objects.get(name="Réseau PRE de Dijon Métropole")
    budget = HourBudget.objects.get(network=network, year=2017)
    # 13 200 € of the convention's line at the assumed 50 € a session of an hour: 264 h.
    assert budget.budget_line is not None and budget.amount == Decimal("13200") and budget.rate.is_assumption
    assert budget.total_hours == Decimal("264")
    assert budget.allocations.count() == 5
    assert sum(budget.allocations.values_list("hours", flat=True)) == Decimal("264")
    assert Psychologist.objects.filter(network=network).count() == 3
    assert Psychologist.objects.get(user__username="psychologue")
    statuses = invoice_statuses(network)
    assert all(statuses[s] > 0 for s in ("draft", "issued", "certified", "paid")), statuses
    assert CareReferral.objects.count() >= 2
    counts = (CareReferral.objects.count(), CareSession.objects.count(), CareInvoice.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (CareReferral.objects.count(), CareSession.objects.count(), CareInvoice.objects.count()) == counts
    assert HourBudget.objects.filter(network=network).count() == 2
