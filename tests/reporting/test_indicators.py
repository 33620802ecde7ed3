"""Indicators against values computed by hand on a small world (pure: no database)."""

import datetime
from decimal import Decimal

from reussite.reporting.indicators import (
    ActionRow,
    Category,
    ChildRow,
    EventRow,
    FundingRow,
    YearData,
    budget_by_funder,
    compute,
    duration_summary,
    events_by_kind,
    is_followed,
)

D = datetime.date
LEVELS = [Category("elementaire", "Élémentaire"), Category("college", "Collège")]
QUARTIERS = [Category(10, "Le Mail"), Category(20, "Grésilles"), Category("outside", "Hors QPV")]
SOURCES = [Category("school", "École"), Category("family", "Famille"), Category("unknown", "Non renseignée")]
REASONS = [Category(1, "Scolarité"), Category(2, "Santé"), Category("unknown", "Non renseigné")]
EXITS = [Category(7, "Objectifs atteints"), Category(8, "Déménagement"), Category("unknown", "Non renseigné")]


def row(programme, sex, born, entered, exited=None, *, level="elementaire", quartier=10, reason=None, source="school"):
    return ChildRow(
        programme_id=programme,
        sex=sex,
        birth_date=born,
        school_level=level,
        quartier_id=quartier,
        entered_on=entered,
        exited_on=exited,
        exit_reason_id=reason,
        referral_source=source,
        referral_reason_ids=(1,) if sex == "F" else (1, 2),
    )


# Programme 1: five children; programme 2: three. Year 2016.
CHILDREN = [
    row(1, "F", D(2010, 3, 1), D(2015, 9, 1)),  # continuing, 6 on 31/12/2016
    row(1, "F", D(2012, 12, 31), D(2016, 2, 1)),  # new, 4 on 31/12 (born 31 Dec: 4 that day)
    row(1, "M", D(2005, 6, 1), D(2015, 1, 10), D(2016, 7, 10), level="college", reason=7),  # exited, 18 months
    row(1, "M", D(2000, 1, 1), D(2016, 1, 5), D(2016, 3, 4), level="college", reason=8),  # new + exited, 1 month
    row(1, "M", D(2009, 1, 1), D(2014, 1, 1), D(2015, 12, 31), reason=7),  # left before 2016: not followed
    row(2, "F", D(2008, 5, 5), D(2016, 11, 1), quartier=None, source=None),  # new, 8
    row(2, "M", D(2011, 1, 1), D(2017, 1, 1)),  # enters in 2017: not followed
    row(2, "M", D(2004, 1, 1), D(2013, 1, 1), D(2016, 12, 31), level="college", quartier=20, reason=7),  # 47 months
]


def data(children=CHILDREN):
    return YearData(
        year=2016,
        programmes={1: "Chenôve", 2: "Dijon"},
        children=list(children),
        levels=LEVELS,
        quartiers=QUARTIERS,
        sources=SOURCES,
        reasons=REASONS,
        exit_reasons=EXITS,
        profiles=[Category(1, "Profil 1"), Category(2, "Profil 2"), Category("unknown", "Sans bilan")],
        domains=[Category("schooling", "Scolarité"), Category("health", "Santé")],
        actions=[
            ActionRow(1, "schooling", "individual"),
            ActionRow(1, "schooling", "collective"),
            ActionRow(2, "health", "individual"),
        ],
        eps={},
        care={},
        events=[],
        attendance_by_programme={},
        funding=[],
        staff_fte={1: Decimal("1.5"), 2: None},
        youth_identified={1: 113, 2: 551},
    )


def test_followed_means_overlapping_the_year():
    assert is_followed(CHILDREN[0], 2016)
    assert not is_followed(CHILDREN[4], 2016)  # left on 31 December 2015
    assert not is_followed(CHILDREN[6], 2016)  # enters on 1 January 2017
    assert is_followed(CHILDREN[7], 2016)  # leaves on 31 December 2016


def test_breakdowns_by_hand():
    result = compute(data())
    b = result.breakdowns
    assert b["status"].counts == {1: {"continuing": 2, "new": 2}, 2: {"new": 1, "continuing": 1}}
    assert b["status"].row_totals == {1: 4, 2: 2}
    assert b["sex"].counts == {1: {"F": 2, "M": 2}, 2: {"F": 1, "M": 1}}
    # ages on 31/12/2016: 6, 4, 11, 16 | 8, 12
    assert b["age"].counts == {1: {"6-10": 1, "2-5": 1, "11-16": 2}, 2: {"6-10": 1, "11-16": 1}}
    assert b["level"].counts == {1: {"elementaire": 2, "college": 2}, 2: {"elementaire": 1, "college": 1}}
    assert b["quartier"].counts == {1: {10: 4}, 2: {"outside": 1, 20: 1}}
    assert b["source"].counts == {1: {"school": 4}, 2: {"unknown": 1, "school": 1}}
    # reasons: girls have (1,), boys (1, 2): not additive
    assert b["reason"].counts == {1: {1: 4, 2: 2}, 2: {1: 2, 2: 1}}
    assert not b["reason"].additive
    assert b["exit_reason"].counts == {1: {7: 1, 8: 1}, 2: {7: 1}}
    assert b["exit_reason"].row_totals == {1: 2, 2: 1}
    assert b["duration"].counts == {1: {"12-23": 1, "0-5": 1}, 2: {"24+": 1}}
    assert b["profile"].counts == {1: {"unknown": 4}, 2: {"unknown": 2}}
    assert b["action_domain"].counts == {1: {"schooling": 2}, 2: {"health": 1}}
    assert b["action_kind"].counts == {1: {"individual": 1, "collective": 1}, 2: {"individual": 1}}
    assert b["action_kind"].row_totals == {1: 2, 2: 1}


def test_network_is_the_sum_of_programmes_where_additive():
    result = compute(data())
    for breakdown in result.breakdowns.values():
        network = breakdown.network_counts()
        for category in breakdown.categories:
            assert network[category.key] == sum(row.get(category.key, 0) for row in breakdown.counts.values())
        if breakdown.additive:
            assert sum(network.values()) == breakdown.network_total
    assert result.breakdowns["status"].network_total == 6
    assert result.fte() == Decimal("1.5")  # unknown FTE of Dijon is not a zero
    assert result.fte(2) is None


def test_durations_mean_and_median_by_hand():
    result = compute(data())
    # parcours ended in 2016: 18 and 1 months (programme 1), 47 (programme 2)
    assert result.durations == {1: [18, 1], 2: [47]}
    assert result.duration(1).mean_months == Decimal("9.5")
    assert result.duration(1).median_months == Decimal("9.5")
    network = result.duration()
    assert (network.count, network.mean_months, network.median_months) == (3, Decimal("22.0"), Decimal("18.0"))
    assert duration_summary([]).mean_months is None


def test_events_budget_and_sums():
    events = events_by_kind([EventRow("Formation", 10, 7), EventRow("Formation", 5, 5), EventRow("Réunion", 4, 0)])
    assert [(e.kind, e.events, e.invited, e.attended) for e in events] == [
        ("Formation", 2, 15, 12),
        ("Réunion", 1, 4, 0),
    ]
    assert events[0].attendance_rate == Decimal("80.0")
    budget = budget_by_funder(
        [
            FundingRow(1, "communes", Decimal("1224")),
            FundingRow(None, "metropole", Decimal("10000")),
            FundingRow(1, "state", Decimal("500.50")),
            FundingRow(1, "other", Decimal("300"), in_kind=True),
        ]
    )
    assert budget.by_funder["communes"] == Decimal("1224")
    assert budget.by_funder["caf"] == 0
    assert budget.total == Decimal("11724.50")
    assert budget.in_kind_total == Decimal("300")
