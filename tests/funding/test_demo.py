"""The demo world: both seed conventions, end to end (figures, split, printed checks, calls, payments)."""

from decimal import Decimal

import pytest

from reussite.core.numbers import Verdict
from reussite.funding import demo, services
from reussite.funding.models import CallForFunds, Convention, FundingShare, Payment

pytestmark = pytest.mark.django_db


def _convention(reference):
    return Convention.objects.get(reference=reference)


def _panel(convention, year):
    funding_year = convention.funding_years.get(year=year)
    lines = list(convention.budget_lines.filter(year=year).select_related("action_kind"))
    shares = list(funding_year.shares.select_related("party__organisation").order_by("kind", "party__position"))
    return services.panel_for(funding_year, lines, shares)


def test_2017_figures_as_printed(demo_world):
    convention = _convention(demo.REF_2017)
    assert convention.end_date.isoformat() == "2017-12-31"
    assert convention.originals_count == 6
    assert convention.starts_on_signature
    year = convention.funding_years.get(year=2017)
    assert year.total_cost == Decimal("17500")
    lines = {li.action_kind.code: li.planned_amount for li in convention.budget_lines.filter(year=2017)}
    assert lines == {"analyse-de-la-pratique": Decimal("4300"), "accompagnement-psychologique": Decimal("13200")}
    shares = {s.party.name: s.amount for s in year.shares.select_related("party__organisation")}
    assert shares == {
        "Dijon Métropole": Decimal("10000"),
        "Chenôve": Decimal("1224"),
        "Dijon": Decimal("4738"),
        "Longvic": Decimal("792"),
        "Quetigny": Decimal("330"),
        "Talant": Decimal("416"),
    }
    signatories = [(p.signatory_name, p.signatory_capacity) for p in convention.parties.all()]
    assert signatories[0] == ("François REBSAMEN", "Président")
    assert ("Anne DILLENSEGER", "Présidente déléguée") in signatories
    assert convention.articles.get(number="Article 7").body.count("résiliées ou suspendues") == 1


def test_2017_consistency_panel_flags_the_printed_percentages(demo_world):
    panel = _panel(_convention(demo.REF_2017), 2017)
    checks = {c.label: c for c in panel.checks}
    assert checks["Les lignes font le coût"].verdict == Verdict.HOLDS
    assert checks["Les parts font le montant réparti"].verdict == Verdict.HOLDS
    assert checks["Le financement couvre le coût"].verdict == Verdict.HOLDS
    total = checks["Total des pourcentages imprimés"]
    assert total.verdict == Verdict.DIFFERS and "98" in total.detail
    rows = {r.name: r for r in panel.shares}
    assert rows["Chenôve"].percent_of_shared == Decimal("16.32")
    # 16.32 rounds to the printed 16: holds; 792/7500 = 10.56 % is not the printed 10 %; 416/7500 = 5.55 % is not 5 %
    verdicts = {
        name: rows[name].percent_check.verdict for name in ["Chenôve", "Dijon", "Longvic", "Quetigny", "Talant"]
    }
    assert verdicts == {
        "Chenôve": Verdict.HOLDS,
        "Dijon": Verdict.HOLDS,
        "Longvic": Verdict.DIFFERS,
        "Quetigny": Verdict.HOLDS,
        "Talant": Verdict.DIFFERS,
    }
    assert "16,32" in checks["Pourcentage imprimé — Chenôve"].detail


def test_2017_calls_for_funds_issued_numbered_and_some_paid(demo_world):
    convention = _convention(demo.REF_2017)
    calls = list(convention.calls_for_funds.order_by("number").select_related("party__organisation"))
    assert [c.reference for c in calls] == ["2017-001", "2017-002", "2017-003", "2017-004", "2017-005"]
    assert [c.amount for c in calls] == [Decimal(a) for a in ("1224", "4738", "792", "330", "416")]
    assert all(c.is_demo for c in calls)
    assert all(p.is_demo for p in Payment.objects.filter(call__convention=convention))
    overdue = CallForFunds.objects.filter(convention=convention).overdue(convention.end_date)
    assert {c.party.name for c in overdue} == {"Longvic", "Quetigny", "Talant"}
    assert convention.status == Convention.Status.EXPIRED
    assert convention.status_changes.count() == 5


def test_cpo_amounts_and_shares_to_be_set(demo_world):
    convention = _convention(demo.REF_CPO)
    assert convention.years == [2024, 2025, 2026]
    assert {p.organisation.short_name for p in convention.parties.all()} == {
        "Dijon Métropole",
        "CCAS de Dijon",
        "CCAS de Chenôve",
        "CCAS de Longvic",
        "CCAS de Talant",
        "Ville de Quetigny",
    }
    for year in convention.funding_years.all():
        assert year.total_cost == Decimal("20000")
        amounts = {s.party.organisation.short_name: s.amount for s in year.shares.select_related("party__organisation")}
        assert amounts["Dijon Métropole"] == Decimal("12500")
        assert amounts["CCAS de Dijon"] == Decimal("4820")
        assert [k for k, v in amounts.items() if v is None] == [
            "CCAS de Chenôve",
            "CCAS de Longvic",
            "CCAS de Talant",
            "Ville de Quetigny",
        ]
    ccas_dijon = convention.parties.get(organisation__short_name="CCAS de Dijon")
    assert ccas_dijon.approval_date.isoformat() == "2024-10-02"
    panel = _panel(convention, 2025)
    cover = next(c for c in panel.checks if c.label == "Le financement couvre le coût")
    assert cover.verdict == Verdict.UNVERIFIABLE and "2\u202f680,00" in cover.detail


def test_demo_is_idempotent(demo_world):
    before = (
        Convention.objects.count(),
        CallForFunds.objects.count(),
        Payment.objects.count(),
        FundingShare.objects.count(),
    )
    demo.load()
    after = (
        Convention.objects.count(),
        CallForFunds.objects.count(),
        Payment.objects.count(),
        FundingShare.objects.count(),
    )
    assert before == after


def test_2017_consistency_through_the_api(client, demo_world):
    from django.urls import reverse

    from reussite.accounts.models import User

    client.force_login(User.objects.get(username="finances.metropole"))
    convention = _convention(demo.REF_2017)
    panels = client.get(reverse("api:convention-consistency", args=[convention.pk])).json()
    checks = {c["label"]: c["verdict"] for c in panels[0]["checks"]}
    assert panels[0]["year"] == 2017
    assert checks["Total des pourcentages imprimés"] == "differs"
    assert checks["Pourcentage imprimé — Longvic"] == "differs"
    assert checks["Le financement couvre le coût"] == "holds"
    shares = client.get(reverse("api:funding-share-list"), {"funding_year__convention": convention.pk}).json()
    amounts = sorted(s["amount"] for s in shares["results"])
    assert amounts == ["10000.00", "1224.00", "330.00", "416.00", "4738.00", "792.00"]
