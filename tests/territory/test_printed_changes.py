"""Printed youth evolutions recorded as a percentage, an absolute change ("en baisse de 92"), or both.

Fixture from the seed document ``shared/seeds/000_9decee907d85b212.txt`` (convention 2017, Article 3):
"En 2016, 913 jeunes […] contre 812 en 2015, soit une augmentation de 18%" and "Quetigny : Centre
Ville : 42 (-50%)". The article prints both network counts, so its change is +101; it prints no
per-commune 2015 count. The decreases "en baisse de 92" below are constructed, not printed.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.core.models import SourceDocument
from reussite.core.numbers import Verdict, implied_base
from reussite.territory.models import PrintedEvolution
from reussite.territory.youth import Printed, build_youth_table
from tests.factories import YouthCountFactory

PROGRAMMES = [(1, "Quetigny")]


def printed(programme_id, *, percent=None, change=None, text="", years=(2015, 2016)):
    return Printed(programme_id, *years, Decimal(percent) if percent else None, text, "convention 2017", change)


def test_implied_base_from_a_change_or_a_percentage():
    assert implied_base(913, change=101) == 812
    assert implied_base(42, percent=Decimal("-50")) == 84
    assert implied_base(42, change=-42, percent=Decimal("-50")) == 84  # the change wins: exact
    assert implied_base(42, percent=Decimal("-100")) is None
    assert implied_base(42) is None


def test_seed_network_total_change_holds_and_its_percentage_does_not():
    # 812 → 913: +101 as the two printed counts say; "+18%" is +12.44 %.
    table = build_youth_table([], [(None, 2015, 812), (None, 2016, 913)], [printed(None, percent="18", change=101)])
    result = table.total.printed[0]
    assert result.verdict == Verdict.DIFFERS
    assert result.computed_change == 101
    assert result.implied_previous == 812
    assert "le pourcentage imprimé ne correspond pas" in result.explanation
    assert "la variation imprimée (+101)" not in result.explanation  # the change itself holds

    table = build_youth_table([], [(None, 2015, 812), (None, 2016, 913)], [printed(None, change=101)])
    assert table.total.printed[0].verdict == Verdict.HOLDS
    assert "812 → 913 (+101)" in table.total.printed[0].explanation


def test_absolute_decrease_only():
    evolution = printed(1, change=-92, text="en baisse de 92")
    holds = build_youth_table(PROGRAMMES, [(1, 2015, 200), (1, 2016, 108)], [evolution])
    assert holds.rows[0].printed[0].verdict == Verdict.HOLDS
    assert holds.rows[0].printed[0].check is None  # no percentage printed, none checked

    differs = build_youth_table(PROGRAMMES, [(1, 2015, 210), (1, 2016, 108)], [evolution]).rows[0].printed[0]
    assert differs.verdict == Verdict.DIFFERS
    assert "la variation imprimée (-92)" in differs.explanation
    assert "effectif 2015 de 200" in differs.explanation  # the base it implies, against 210 recorded

    unknown = build_youth_table(PROGRAMMES, [(1, 2016, 108)], [evolution]).rows[0].printed[0]
    assert unknown.verdict == Verdict.UNVERIFIABLE
    assert unknown.explanation.endswith("Elle impliquerait un effectif 2015 de 200.")


def test_change_and_percentage_checked_against_each_other_without_a_base():
    # Quetigny 42 (−50 %): a change of −42 is consistent (base 84), −40 is not (−48.8 %).
    ok = build_youth_table(PROGRAMMES, [(1, 2016, 42)], [printed(1, percent="-50", change=-42)]).rows[0].printed[0]
    assert ok.verdict == Verdict.UNVERIFIABLE
    ko = build_youth_table(PROGRAMMES, [(1, 2016, 42)], [printed(1, percent="-50", change=-40)]).rows[0].printed[0]
    assert ko.verdict == Verdict.DIFFERS
    assert "ne concorde pas avec la variation imprimée (base déduite 82)" in ko.explanation


def test_withheld_base_is_checked_but_nothing_of_it_is_shown():
    evolution = printed(1, change=27, text="+27", years=(2016, 2017))
    table = build_youth_table(PROGRAMMES, [(1, 2017, 30)], [evolution], hidden={(1, 2016): 3})
    result = table.rows[0].printed[0]
    assert result.withheld and result.verdict is None
    assert result.implied_previous is None and result.computed_change is None and result.check is None
    assert "3" not in result.explanation


@pytest.fixture
def source(db):
    return SourceDocument.objects.create(code="test-evolutions", title="Bilan annuel")


@pytest.mark.django_db
def test_at_least_a_percentage_or_a_change(world, source):
    with pytest.raises(IntegrityError):
        PrintedEvolution.objects.create(
            network=world.network, from_year=2015, to_year=2016, printed_text="?", source=source
        )


@pytest.mark.django_db
def test_page_and_api_never_reveal_a_withheld_base(client, world, source):
    """programme2 is not the programme coordinator's: its 2016 count (3) is withheld from them. The
    printed "+27" (3 → 30) and "+900 %" would give it away through a verdict, a computed figure or
    the base they imply."""
    YouthCountFactory(programme=world.programme2, year=2016, count=3)
    YouthCountFactory(programme=world.programme2, year=2017, count=30)
    for percent, change, text in [(None, 27, "+27"), (Decimal("900"), None, "+900 %")]:
        PrintedEvolution.objects.create(
            network=world.network,
            programme=world.programme2,
            from_year=2016,
            to_year=2017,
            percent=percent,
            change=change,
            printed_text=text,
            source=source,
        )
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    content = client.get(reverse("territory:youth_counts")).content.decode()
    assert content.count("vérifié, effectif masqué") == 2
    for leak in ("3 → 30", "(+27)", "de 3,0", "de 3.", "✓ se vérifie", "+900,00"):
        assert leak not in content
    checks = client.get(reverse("api:youth-count-printed-checks")).json()
    assert [(c["verdict"], c["withheld"]) for c in checks] == [(None, True), (None, True)]
    assert {c["printed_change"] for c in checks} == {27, None}
    for c in checks:
        assert c["computed_change"] is None and c["computed_percent"] is None and c["implied_base"] is None
        assert "3" not in c["explanation"]


@pytest.mark.django_db
def test_api_exposes_the_change_and_the_check(client, world, source):
    YouthCountFactory(programme=world.programme, year=2015, count=200)
    YouthCountFactory(programme=world.programme, year=2016, count=108)
    PrintedEvolution.objects.create(
        network=world.network,
        programme=world.programme,
        from_year=2015,
        to_year=2016,
        change=-92,
        percent=Decimal("-46.00"),
        printed_text="en baisse de 92 (−46 %)",
        source=source,
    )
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    (check,) = client.get(reverse("api:youth-count-printed-checks")).json()
    assert check["printed_change"] == -92 and check["computed_change"] == -92
    assert check["printed_percent"] == "-46.00" and check["computed_percent"] == "-46.0000"
    assert check["implied_base"] == "200.0" and check["verdict"] == "holds" and not check["withheld"]
    content = client.get(reverse("territory:youth_counts")).content.decode()
    assert "en baisse de 92 (−46 %)" in content and "200 → 108 (-92)" in content
