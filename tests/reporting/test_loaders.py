"""The loader on a small world: hand-computed figures, network = sum of programmes, bounded queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reussite.accounts.models import Role
from reussite.reporting.loaders import load_indicators
from tests.reporting.worlds import YEAR, grow, small_world


def test_figures_of_the_small_world(world):
    small_world(world)
    azay, brissac = world.programme.pk, world.programme2.pk
    result = load_indicators(world.network.pk, YEAR)
    b = result.breakdowns
    assert b["status"].counts[azay] == {"new": 6, "continuing": 2}
    assert b["status"].counts[brissac] == {"new": 2, "continuing": 4}
    assert b["sex"].network_counts() == {"F": 9, "M": 5}
    assert b["age"].counts[azay] == {"6-10": 6, "2-5": 1, "11-16": 1}
    assert b["age"].counts[brissac] == {"6-10": 2, "11-16": 4}
    assert b["level"].counts[azay] == {"elementaire": 7, "college": 1}
    assert b["source"].network_counts()["school"] == 14
    reason_counts = b["reason"].network_counts()
    assert sum(v for k, v in reason_counts.items() if k != "unknown") == 14  # one reason each (Absentéisme)
    moved, done = small_world(world)["moved"], small_world(world)["done"]
    assert b["exit_reason"].counts[azay] == {moved.pk: 1}
    assert b["exit_reason"].counts[brissac] == {done.pk: 1}
    assert result.durations == {azay: [14], brissac: [30]}
    assert result.duration().mean_months == Decimal("22.0")
    eps = result.eps_total(azay)
    assert (eps.meetings, eps.children_examined, eps.decisions) == (2, 3, 3)
    care = result.care_total(azay)
    assert (care.allocated_hours, care.hours_done, care.children, care.invoiced) == (
        Decimal(60),
        Decimal("1.50"),
        1,
        Decimal("75.00"),
    )
    assert result.care_total().allocated_hours == Decimal(100)
    assert [(e.kind, e.events, e.invited, e.attended) for e in result.events] == [("Formation", 2, 6, 3)]
    assert result.attendance_by_programme == {azay: 3}
    network = result.budget()
    assert network.by_funder == {
        "state": Decimal(1500),
        "communes": Decimal(1000),
        "metropole": Decimal(2000),
        "caf": Decimal(800),
        "departement": Decimal(0),
        "other": Decimal(0),
    }
    assert (network.total, network.in_kind_total) == (Decimal(5300), Decimal(300))
    assert result.budget(azay).total == Decimal(2900)
    assert result.fte() == Decimal("3.7")
    assert result.youth_identified == {azay: 20, brissac: 9}


def test_network_equals_the_sum_of_programmes(world):
    small_world(world)
    result = load_indicators(world.network.pk, YEAR)
    for breakdown in result.breakdowns.values():
        network = breakdown.network_counts()
        assert all(
            network[c.key] == sum(r.get(c.key, 0) for r in breakdown.counts.values()) for c in breakdown.categories
        )
    for figures in ("eps_total", "care_total"):
        whole = getattr(result, figures)()
        parts = [getattr(result, figures)(p) for p in result.programmes]
        for name in type(whole).__dataclass_fields__:
            assert getattr(whole, name) == sum(getattr(part, name) for part in parts)
    programme_budgets = sum(result.budget(p).total for p in result.programmes)
    network_only = sum(r.amount for r in result.funding if r.programme_id is None and not r.in_kind)
    assert result.budget().total == programme_budgets + network_only


def test_query_count_does_not_depend_on_the_size(world):
    small_world(world)

    def queries():
        with CaptureQueriesContext(connection) as context:
            load_indicators(world.network.pk, YEAR)
        return len(context.captured_queries)

    before = queries()
    grow(world, 20)
    assert queries() == before <= 25


def test_plan_actions_profiles_and_periods(world):
    """Actions running in the year by domain and kind; the profile of the latest review of the year;
    a child referred again is counted on the parcours (period) that overlapped the year."""
    from reussite.parcours.models import Axis, Child, Objective, ParcoursPeriod, PlanAction, Review
    from tests.reporting.worlds import D, child

    kids = small_world(world)["kids"]
    azay, brissac = world.programme.pk, world.programme2.pk
    recorder = world.user(Role.PROGRAMME_COORDINATOR)
    axis = Axis.objects.create(child=kids[0], title="Axe", opened_on=D(2016, 3, 1), created_by=recorder)
    objective = Objective.objects.create(axis=axis, title="Objectif", opened_on=D(2016, 3, 1))
    for domain, kind, start, status in (
        ("schooling", "individual", D(2016, 3, 1), "done"),
        ("health", "collective", D(2016, 9, 1), "ongoing"),
        ("culture", "collective", D(2016, 9, 1), "cancelled"),  # cancelled: not counted
        ("sport_leisure", "individual", D(2017, 1, 9), "planned"),  # next year
    ):
        PlanAction.objects.create(
            objective=objective, title="Action", domain=domain, kind=kind, starts_on=start, status=status
        )
    Review.objects.create(child=kids[0], date=D(2016, 6, 1), intensity_profile=2, recorded_by=recorder)
    Review.objects.create(child=kids[0], date=D(2017, 2, 1), intensity_profile=4, recorded_by=recorder)
    # Left in February 2016 after 25 months, referred again in 2017 (no current parcours).
    back = child(world.programme2, "Revenu", sex="M", born=D(2006, 1, 1), entered=D(2014, 1, 1), exited=D(2016, 2, 1))
    Child.objects.filter(pk=back.pk).update(entered_on=None, exited_on=None, exit_reason=None, status="referred")
    ParcoursPeriod.objects.create(
        child=back,
        programme=world.programme2,
        entered_on=D(2014, 1, 1),
        exited_on=D(2016, 2, 1),
        exit_reason=small_world(world)["moved"],
    )

    result = load_indicators(world.network.pk, YEAR)
    b = result.breakdowns
    assert b["action_domain"].counts[azay] == {"schooling": 1, "health": 1}
    assert b["action_kind"].counts[azay] == {"individual": 1, "collective": 1}
    assert b["profile"].counts[azay] == {2: 1, "unknown": 7}
    assert b["status"].row_totals[brissac] == 7  # 6 + the child back through their period
    assert sorted(result.durations[brissac]) == [25, 30]
    assert load_indicators(world.network.pk, 2017).breakdowns["status"].row_totals[brissac] == 5  # not in 2017


def test_followed_years_read_alone_give_the_same_tables(world):
    """The dashboards' three-year panel reads the years before with ``load_followed`` (children and exits
    only): its breakdowns, and the tables a non-owner is shown of them, are those of the whole load."""
    from reussite.parcours.models import Child, ParcoursPeriod
    from reussite.reporting.loaders import FOLLOWED, load_followed
    from reussite.reporting.presentation import Viewer
    from tests.reporting.worlds import D, child

    small_world(world)
    back = child(world.programme2, "Revenu", sex="M", born=D(2006, 1, 1), entered=D(2014, 1, 1), exited=D(2016, 2, 1))
    Child.objects.filter(pk=back.pk).update(entered_on=None, exited_on=None, exit_reason=None, status="referred")
    ParcoursPeriod.objects.create(
        child=back,
        programme=world.programme2,
        entered_on=D(2014, 1, 1),
        exited_on=D(2016, 2, 1),
        exit_reason=small_world(world)["moved"],
    )
    for year in (YEAR - 2, YEAR - 1, YEAR, YEAR + 1):
        whole, narrow = load_indicators(world.network.pk, year), load_followed(world.network.pk, year)
        assert set(narrow.breakdowns) == set(FOLLOWED)
        for key in FOLLOWED:
            assert narrow.breakdowns[key] == whole.breakdowns[key]
            for owned in ((), (world.programme.pk,)):
                assert Viewer(narrow, owned, 5).table(narrow.breakdowns[key]) == Viewer(whole, owned, 5).table(
                    whole.breakdowns[key]
                )


def test_dashboard_years_give_the_same_figures(world):
    """``load_dashboard_years`` (the dashboards: what they show of a year, and the children and exits
    of the two before, the children read in one pass): the ``DASHBOARD`` breakdowns, durations, care,
    events and funding of ``load_indicators``, and ``load_followed`` for the years before; a child back
    through a period after years without one counts in the years of its periods only."""
    from reussite.parcours.models import Child, ParcoursPeriod
    from reussite.reporting.loaders import DASHBOARD, load_dashboard_years, load_followed
    from tests.reporting.worlds import D, child

    small_world(world)
    back = child(world.programme2, "Revenu", sex="M", born=D(2006, 1, 1), entered=D(2014, 1, 1), exited=D(2016, 2, 1))
    Child.objects.filter(pk=back.pk).update(entered_on=None, exited_on=None, exit_reason=None, status="referred")
    ParcoursPeriod.objects.create(
        child=back,
        programme=world.programme2,
        entered_on=D(2014, 1, 1),
        exited_on=D(2016, 2, 1),
        exit_reason=small_world(world)["moved"],
    )
    for year in (YEAR - 1, YEAR, YEAR + 1, 2017):
        shown, before = load_dashboard_years(world.network.pk, year)
        full = load_indicators(world.network.pk, year)
        assert shown.breakdowns == {key: full.breakdowns[key] for key in DASHBOARD}
        assert {p: sorted(m) for p, m in shown.durations.items()} == {p: sorted(m) for p, m in full.durations.items()}
        for name in ("programmes", "care", "events", "attendance_by_programme", "funding", "staff_fte"):
            assert getattr(shown, name) == getattr(full, name), name
        assert sorted(before) == [year - 2, year - 1]
        for y, indicators in before.items():
            assert indicators == load_followed(world.network.pk, y)
        if year == YEAR:  # not vacuous
            assert full.breakdowns["status"].network_total and full.care and full.funding and full.events


def test_funding_read_alone_is_the_years(world):
    """``load_funding`` (the finance dashboard's budget) reads the funding rows ``load_indicators`` reads."""
    from reussite.reporting.loaders import load_funding

    small_world(world)
    for year in (YEAR - 1, YEAR):
        assert load_funding(world.network.pk, year) == load_indicators(world.network.pk, year).funding
    assert load_funding(world.network.pk, YEAR)  # not vacuous


def test_ids_as_one_parameter(world):
    """``sql.InIds``: the rows whose column is among the ids (one array parameter on PostgreSQL), none
    for no ids, through a join too."""
    from reussite.core.sql import InIds
    from reussite.parcours.models import Child, Referral

    kids = small_world(world)["kids"]
    wanted = [kids[0].pk, kids[2].pk, 10**9]
    assert set(Child.objects.filter(InIds("pk", wanted)).values_list("pk", flat=True)) == set(wanted[:2])
    assert not Child.objects.filter(InIds("pk", [])).exists()
    referrals = Referral.objects.filter(InIds("child__programme_id", [world.programme.pk]))
    assert set(referrals.values_list("child_id", flat=True)) == set(
        Child.objects.filter(programme=world.programme, referrals__isnull=False).values_list("pk", flat=True)
    )
