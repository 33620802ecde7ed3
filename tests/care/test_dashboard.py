"""The dashboard's figures per territory, the projected run-out date (pure) and the home alerts."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reussite.care.dashboard import TerritoryYear, run_out_date, with_projection
from reussite.care.queries import territory_rows
from reussite.care.services import allocate_hours, build_invoice, issue_invoice, record_session, refer_to_psychologist
from reussite.core.home import cards_for
from tests.care.test_hour_services import by_youth
from tests.parcours.factories import consent, make_child

D = datetime.date


def test_run_out_date_prolongs_the_pace_since_the_start():
    # 50 h consumed in the first 10 days of 100 h: 5 h a day, the 100th hour on day 20.
    assert run_out_date(Decimal(100), Decimal(50), D(2017, 1, 1), D(2017, 1, 10)) == D(2017, 1, 20)
    assert run_out_date(Decimal(100), Decimal(0), D(2017, 1, 1), D(2017, 6, 1)) is None  # no pace yet
    assert run_out_date(Decimal(100), Decimal(5), D(2017, 1, 1), D(2016, 12, 31)) is None  # before the start
    # Used up: the day the pace reached the quota (on or before today).
    assert run_out_date(Decimal(10), Decimal(20), D(2017, 1, 1), D(2017, 1, 10)) == D(2017, 1, 5)
    assert run_out_date(Decimal(0), Decimal(1), D(2017, 1, 1), D(2017, 1, 10)) == D(2017, 1, 1)
    assert run_out_date(Decimal(10**9), Decimal("0.25"), D(2017, 1, 1), D(2017, 1, 1)) is None  # no overflow


@given(
    allocated=st.decimals(min_value=0, max_value=100000, places=1),
    consumed=st.decimals(min_value=Decimal("0.25"), max_value=100000, places=2),
    elapsed=st.integers(0, 800),
)
def test_the_run_out_date_is_after_today_exactly_while_hours_are_left(allocated, consumed, elapsed):
    start = D(2017, 1, 1)
    today = start + datetime.timedelta(days=elapsed)
    run_out = run_out_date(allocated, consumed, start, today)
    if consumed < allocated:
        assert run_out is None or run_out > today
    else:
        assert start <= run_out <= today


def row(**figures):
    values = {
        "programme": "Dijon",
        "year": 2017,
        "hourly_rate": Decimal(50),
        "allocated": Decimal(100),
        "committed": Decimal(0),
        "consumed": Decimal(0),
        "invoiced": Decimal(0),
        "paid": Decimal(0),
    }
    return TerritoryYear(**{**values, **figures})


def test_a_territory_nears_its_quota_at_90_percent_or_when_it_runs_out_within_the_year():
    assert not with_projection(row(consumed=Decimal(10)), D(2017, 6, 30)).nearing
    assert with_projection(row(committed=Decimal(90)), D(2017, 2, 1)).nearing
    # 60 h in 181 days: the 100th hour on day 302 (100 × 181 / 60 = 301.7, rounded up).
    fast = with_projection(row(consumed=Decimal(60)), D(2017, 6, 30))
    assert fast.run_out == D(2017, 10, 29) and fast.nearing and not fast.exceeded
    over = row(consumed=Decimal(101))
    assert over.exceeded and over.nearing and over.left == Decimal(-1) and over.left_eur == Decimal(-50)
    assert row(consumed=Decimal("1.5")).consumed_eur == Decimal("75.00")


@pytest.mark.django_db
def test_figures_per_territory_follow_referrals_sessions_and_invoices(care):
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 20, D(2017, 3, 1))
    for day in (6, 13):
        record_session(care["psy"].user, referral, D(2017, 3, day), 45, "child", "attended")
    record_session(care["psy"].user, referral, D(2017, 3, 20), 45, "child", "missed")
    invoice = build_invoice(care["psy"].user, care["psy"], 2017, 3)
    rows = {r.programme: r for r in territory_rows(care["metropole"], 2017, D(2017, 12, 31))}
    own = rows[care["programmes"][0].name]
    assert len(rows) == 5
    assert (own.committed, own.consumed, own.invoiced) == (Decimal(20), Decimal("1.5"), Decimal(0))  # a draft
    issue_invoice(care["psy"].user, invoice, D(2017, 4, 2))
    own = next(r for r in territory_rows(care["coordinator"], 2017, D(2017, 12, 31)))
    assert own.invoiced == Decimal(100) and own.paid == 0 and own.allocated == care["allocation"].hours
    # The programme coordination sees its territory only.
    assert [r.programme for r in territory_rows(care["coordinator"], None, D(2017, 12, 31))] == [own.programme]


def this_year(care):
    """The hours of the current year (the home page alerts on the current year) and a child of 8."""
    budget = allocate_hours(care["metropole"], care["network"], 2026, Decimal(13200), by_youth(care["programmes"]))
    child = make_child(care["programmes"][0], first_name="Capucine", birth_date=D(2018, 5, 1))
    consent(child, purposes=("follow_up", "psychologist"), given_on=D(2026, 1, 10))
    referral = refer_to_psychologist(care["coordinator"], child, care["psy"], 20, D(2026, 11, 2))
    return budget.allocations.get(programme=care["programmes"][0]), referral


@pytest.mark.django_db
def test_the_home_page_warns_the_metropole_and_the_programme_before_the_quota_runs_out(client, care):
    allocation, referral = this_year(care)
    allocation.hours = Decimal(3)  # a small quota to reach it quickly
    allocation.save()
    for day in (2, 3):
        record_session(care["psy"].user, referral, D(2026, 11, day), 60, "child", "attended")
    for user in (care["metropole"], care["coordinator"]):
        client.force_login(user)
        body = client.get("/").content.decode()
        assert "Heures de soutien psychologique" in body, user
        assert f"{care['programmes'][0].name} : quota dépassé — 2 h consommées et 20 h engagées pour 3 h" in body
    client.force_login(care["psy"].user)
    assert "Heures de soutien psychologique" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_no_alert_while_the_pace_keeps_within_the_year(rf, care):
    allocation, referral = this_year(care)
    record_session(care["psy"].user, referral, D(2026, 11, 2), 60, "child", "attended")
    request = rf.get("/")
    request.user = care["metropole"]
    assert not [c for c in cards_for(request) if c.title == "Heures de soutien psychologique"]
    allocation.hours = Decimal("21")  # 20 h committed of 21: over 90 %
    allocation.save()
    request.user = type(care["metropole"]).objects.get(pk=care["metropole"].pk)
    assert [c for c in cards_for(request) if c.title == "Heures de soutien psychologique"]
