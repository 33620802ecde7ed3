"""Evolutions of money over the years, printed as a percentage and/or an absolute change.

Fixture from a real public text: the note of an elected member of a CCAS board on the CCAS budget
2023 voted on 15 February 2023 (jeanlouisberland.fr, « Budget 2023 du CCAS … »): "La principale
recette provient de la subvention de la ville pour 1 072 584 €, soit une légère hausse de 33 907 €
(+ 3,26%)". The 2022 amount is not printed: the platform derives it (1 038 677 €) and checks the
two printed figures against each other, then against the 2022 amount once recorded.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reussite.core.numbers import Verdict
from reussite.funding import computations as comp
from reussite.funding import services
from reussite.funding.models import Convention, FundingShare, FundingYear, MoneyEvolution
from tests.funding.factories import ConventionFactory, PartyFactory

D = Decimal
SUBSIDY_2023 = D("1072584")


def test_printed_change_and_percent_agree_and_give_the_base():
    check = comp.check_evolution(SUBSIDY_2023, printed_percent=D("3.26"), printed_change=D("33907"), year=2023)
    assert check.derived_base == D("1038677") and check.base_is_exact
    assert [c.verdict for c in check.checks] == [Verdict.HOLDS, Verdict.UNVERIFIABLE]
    assert check.computed_percent_shown == "+3,26\u00a0%"  # two decimals, as printed


def test_percent_only_gives_a_rounded_base():
    check = comp.check_evolution(SUBSIDY_2023, printed_percent=D("3.26"), year=2023)
    assert check.derived_base == D("1038721.67") and not check.base_is_exact
    assert "≈ 1\u202f038\u202f721,67" in check.checks[-1].detail


def test_a_decrease_printed_as_an_absolute_change():
    check = comp.check_evolution(D("885744"), printed_change=D("-114256"), recorded_previous=D("1000000"), year=2024)
    assert check.derived_base == D("1000000")
    assert check.verdict == Verdict.HOLDS
    assert check.computed_percent_shown == "-11,43\u00a0%"


def test_a_printed_change_contradicting_the_recorded_base_is_flagged():
    check = comp.check_evolution(
        SUBSIDY_2023,
        printed_percent=D("3.26"),
        printed_change=D("33907"),
        recorded_previous=D("1040000"),
        year=2023,
    )
    assert check.verdict == Verdict.DIFFERS
    details = " ".join(c.detail for c in check.checks)
    assert "calculé +32\u202f584,00" in details and "calculé +3,13" in details


def test_series_evolutions():
    rows = comp.series_evolutions([(2024, D("20000")), (2025, D("21000")), (2026, None)])
    assert [(r.change, r.change_percent) for r in rows] == [(None, None), (D("1000"), D("5")), (None, None)]


@pytest.fixture
def ccas(world):
    """The Ville's subsidy to its CCAS as a two-year convention; 2022 "à définir" at first."""
    convention = ConventionFactory(
        network=world.network,
        first_year=2022,
        last_year=2023,
        kind=Convention.Kind.CPO,
        end_date=datetime.date(2023, 12, 31),
        status=Convention.Status.DRAFT,
    )
    PartyFactory(convention=convention, organisation=world.carrier, role="coordinator", position=0)
    city = PartyFactory(convention=convention, organisation=world.metropole, position=1)
    for year, amount in ((2022, None), (2023, SUBSIDY_2023)):
        fy = FundingYear.objects.create(convention=convention, year=year, total_cost=amount)
        FundingShare.objects.create(
            funding_year=fy, party=city, kind=FundingShare.Kind.CONTRIBUTION, fixed_amount=amount, amount=amount
        )
    return convention, city


def test_the_page_records_what_is_printed_and_the_detail_checks_it(client, world, ccas):
    convention, city = ccas
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:evolution_add", args=[convention.pk]),
        {
            "year": "2023",
            "subject": "share",
            "party": city.pk,
            "printed_text": "soit une légère hausse de 33 907 € (+ 3,26%)",
            "printed_percent": "+3,26",
            "printed_change": "33 907",
        },
    )
    assert response.status_code == 302, response.content.decode()
    evolution = MoneyEvolution.objects.get()
    assert (evolution.printed_percent, evolution.percent_places, evolution.printed_change) == (
        D("3.26"),
        2,
        D("33907"),
    )
    page = client.get(reverse("funding:convention_detail", args=[convention.pk])).content.decode()
    assert "1\u202f038\u202f677,00" in page  # the derived base
    # Once 2022 is recorded (and it does not match), the contradiction shows.
    FundingShare.objects.filter(funding_year__year=2022).update(amount=D("1040000"))
    evolutions = services.evolutions_for(convention)
    assert evolutions.printed[0].check.verdict == Verdict.DIFFERS
    response = client.get(reverse("api:convention-evolutions", args=[convention.pk]))
    printed = response.json()["printed"][0]
    assert printed["verdict"] == "differs" and printed["computed_percent"] == "+3,13\u00a0%"
    assert printed["derived_base"] == "1038677.00"
    city_series = next(s for s in response.json()["series"] if s["label"].startswith("Part de"))
    assert city_series["rows"][1]["change"] == "32584.00" and city_series["rows"][1]["change_percent"] == "3.13"


def test_a_decrease_typed_with_a_minus_sign(client, world, ccas):
    convention, _ = ccas
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:evolution_add", args=[convention.pk]),
        {
            "year": "2023",
            "subject": "total_cost",
            "printed_text": "en baisse de 114 256 €",
            "printed_change": "−114 256",
        },
    )
    assert response.status_code == 302
    assert MoneyEvolution.objects.get().printed_change == D("-114256")


def test_nothing_printed_is_refused_in_french(client, world, ccas):
    convention, _ = ccas
    client.force_login(world.user("finance_officer"))
    response = client.post(reverse("funding:evolution_add", args=[convention.pk]), {"year": "2023", "subject": "share"})
    text = response.content.decode()
    assert "Évolution imprimée (%) : saisir un pourcentage, une variation en euros, ou les deux." in text
    assert "Partie : obligatoire pour la part d&#x27;une partie." in text
    assert not MoneyEvolution.objects.exists()


def test_a_year_outside_the_convention_is_refused_by_the_service(world, ccas):
    from django.core.exceptions import ValidationError

    convention, _ = ccas
    with pytest.raises(ValidationError) as error:
        services.record_money_evolution(
            MoneyEvolution(convention=convention, year=2030, subject="total_cost", printed_change=D("1"))
        )
    assert "Année : 2030 n'est pas couverte par la convention." in str(error.value)
