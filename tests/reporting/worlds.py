"""A small world for the indicators: known children, EPS, care, events and money in 2016, in the two
programmes of the test world (Azay = world.programme, Brissac = world.programme2)."""

import datetime
from decimal import Decimal

from reussite.accounts.models import Role
from reussite.care.models import (
    CareInvoice,
    CareInvoiceLine,
    CareRate,
    CareReferral,
    CareSession,
    HourAllocation,
    HourBudget,
    Psychologist,
)
from reussite.coordination.models import Event, EventKind, Invitation
from reussite.funding.models import Convention, ConventionParty, FundingShare, FundingYear, StateAllocation
from reussite.parcours.models import Child, EpsAgendaItem, EpsMeeting, ExitReason
from reussite.reporting.models import AnnualFigures
from reussite.territory.models import YouthCount
from tests.parcours.factories import make_child

D = datetime.date
YEAR = 2016


def child(programme, name, *, sex, born, entered, exited=None, reason=None, level=Child.Level.ELEMENTAIRE):
    c = make_child(programme, first_name=name, last_name="Rapport", birth_date=born, guardians=())
    c.referrals.update(date=entered - datetime.timedelta(days=30))
    c.sex, c.entered_on, c.exited_on, c.exit_reason, c.school_level = sex, entered, exited, reason, level
    c.status = Child.Status.EXITED if exited else Child.Status.ACTIVE
    c.save()
    return c


def grow(world, n, programme=None):
    """``n`` more continuing girls of 8 in Azay (for query counts)."""
    for i in range(n):
        child(
            programme or world.programme,
            f"Extra{i}x{Child.objects.count()}",
            sex="F",
            born=D(2008, 1, 1),
            entered=D(2015, 1, 1),
        )


def small_world(world):
    """Azay: 6 girls and 2 boys followed in 2016 (1 boy left in 2016 after 14 months); Brissac: 2 girls
    and 3 boys (1 girl left after 30 months). Known EPS, care, events, conventions and FTE."""
    if getattr(world, "_reporting", None):
        return world._reporting
    moved = ExitReason.objects.create(network=world.network, label="Déménagement")
    done = ExitReason.objects.create(network=world.network, label="Objectifs atteints")
    azay, brissac = world.programme, world.programme2
    kids = []
    for i in range(6):
        kids.append(child(azay, f"Fille{i}", sex="F", born=D(2008, 6, 1), entered=D(2016, 3, 1)))  # new, 8
    kids.append(child(azay, "Garcon0", sex="M", born=D(2012, 1, 1), entered=D(2015, 9, 1)))  # continuing, 4
    kids.append(
        child(
            azay,
            "Garcon1",
            sex="M",
            born=D(2003, 1, 1),
            entered=D(2015, 2, 1),
            exited=D(2016, 4, 15),
            reason=moved,
            level=Child.Level.COLLEGE,
        )
    )  # 13, 14 months
    child(azay, "Ancien", sex="M", born=D(2003, 1, 1), entered=D(2014, 2, 1), exited=D(2015, 4, 15), reason=moved)
    for i in range(2):
        kids.append(child(brissac, f"BFille{i}", sex="F", born=D(2010, 6, 1), entered=D(2016, 5, 1)))  # new, 6
    leaving = child(
        brissac, "BFille9", sex="F", born=D(2004, 6, 1), entered=D(2014, 1, 1), exited=D(2016, 7, 2), reason=done
    )
    for i in range(3):
        kids.append(child(brissac, f"BGarcon{i}", sex="M", born=D(2001, 6, 1), entered=D(2015, 5, 1)))  # 15
    kids.append(leaving)

    coordinator = world.user(Role.PROGRAMME_COORDINATOR)
    for day in (D(2016, 2, 1), D(2016, 6, 1), D(2017, 1, 5)):
        meeting = EpsMeeting.objects.create(programme=azay, date=day, created_by=coordinator)
        for k in kids[:3]:
            EpsAgendaItem.objects.create(meeting=meeting, child=k, decision="review" if day.month == 2 else "")

    rate = CareRate.objects.create(network=world.network, valid_from=D(2016, 1, 1), unit="hour", amount=50)
    budget = HourBudget.objects.create(
        network=world.network, year=YEAR, amount=Decimal("5000"), rate=rate, unit=Decimal("1"), total_hours=100
    )
    allocation = HourAllocation.objects.create(budget=budget, programme=azay, weight=1, initial_hours=60, hours=60)
    HourAllocation.objects.create(budget=budget, programme=brissac, weight=1, initial_hours=40, hours=40)
    psy = Psychologist.objects.create(
        network=world.network,
        organisation=world.provider,
        full_name="Psy Rapport",
        adeli="219312345",
        agreement_from=D(2016, 1, 1),
    )
    referral = CareReferral.objects.create(
        child=kids[0],
        psychologist=psy,
        allocation=allocation,
        requested_hours=10,
        referred_on=D(2016, 4, 1),
        referred_by=coordinator,
    )
    invoice = CareInvoice.objects.create(psychologist=psy, year=YEAR, month=5, number=1, status="paid", total=100)
    for day, attendance in ((D(2016, 5, 2), "attended"), (D(2016, 5, 9), "attended"), (D(2016, 5, 16), "missed")):
        session = CareSession.objects.create(
            referral=referral,
            date=day,
            duration_minutes=45,
            with_whom="child",
            attendance=attendance,
            recorded_by=coordinator,
        )
        if attendance == "attended":
            CareInvoiceLine.objects.create(
                invoice=invoice,
                session=session,
                child_code=kids[0].code,
                date=day,
                duration_minutes=45,
                amount=Decimal("37.50"),
            )

    training = EventKind.default("formation")
    for day, present in ((D(2016, 3, 10), 2), (D(2016, 9, 10), 1), (D(2017, 3, 10), 3)):
        event = Event.objects.create(
            network=world.network, kind=training, title="Formation", date=day, organiser=world.metropole
        )
        for i in range(3):
            Invitation.objects.create(
                event=event,
                full_name=f"Pro {i}",
                email=f"pro{i}@example.org",
                organisation=world.carrier,
                programme=azay,
                attended=i < present,
            )

    convention = Convention.objects.create(
        network=world.network,
        reference="CONV-2016",
        title="Convention 2016",
        first_year=YEAR,
        last_year=YEAR,
        end_date=D(2016, 12, 31),
        status=Convention.Status.IN_FORCE,
    )
    funding_year = FundingYear.objects.create(convention=convention, year=YEAR, total_cost=Decimal("3000"))
    for organisation, role, amount in (
        (world.metropole, "coordinator", "2000"),
        (world.carrier, "paying", "600"),
        (world.carrier2, "paying", "400"),
    ):
        party = ConventionParty.objects.create(convention=convention, organisation=organisation, role=role)
        FundingShare.objects.create(funding_year=funding_year, party=party, kind="contribution", amount=Decimal(amount))
        if organisation == world.carrier:
            StateAllocation.objects.create(party=party, year=YEAR, amount=Decimal("1500"))
    AnnualFigures.objects.create(programme=azay, year=YEAR, staff_fte=Decimal("2.5"), caf_amount=Decimal("800"))
    AnnualFigures.objects.create(programme=brissac, year=YEAR, staff_fte=Decimal("1.2"), in_kind_amount=Decimal("300"))
    YouthCount.objects.create(network=world.network, programme=azay, year=YEAR, count=20)
    YouthCount.objects.create(network=world.network, programme=brissac, year=YEAR, count=9)
    world._reporting = {"moved": moved, "done": done, "kids": kids}
    return world._reporting
