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


def test_every_demo_account_reads_the_care_pages_it_may_and_the_metropole_no_name(client, demo_world):
    """The demo world through each account: pages answer, and a named child reaches only the
    programme coordination and the psychologist."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from reussite.parcours.models import Child

    referred = Child.objects.filter(care_referrals__isnull=False).distinct()
    names = [c.last_name.upper() for c in referred]
    pages = ["care:dashboard", "care:referral_list", "care:session_list", "care:invoice_list"]
    expected = {
        "coordination.metropole": {"care:dashboard", "care:referral_list", "care:session_list", "care:invoice_list"},
        "finances.metropole": {"care:dashboard", "care:referral_list", "care:session_list", "care:invoice_list"},
        "coordination.dijon": {"care:dashboard", "care:referral_list", "care:session_list"},
        "psychologue": {"care:referral_list", "care:session_list", "care:invoice_list"},
        "referent.dijon": set(),
        "elu.metropole": set(),
    }
    for username, allowed in expected.items():
        client.force_login(get_user_model().objects.get(username=username))
        for name in pages:
            response = client.get(reverse(name))
            assert response.status_code == (200 if name in allowed else 404), (username, name)
            body = response.content.decode()
            named = username in ("coordination.dijon", "psychologue") and name in (
                "care:referral_list",
                "care:session_list",
            )
            assert any(n in body for n in names) == named, (username, name)
