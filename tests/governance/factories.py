import datetime

import factory

from reussite.governance import services
from reussite.governance.models import Attendance, Body, Deliberation, Member
from tests.factories import OrganisationFactory

SITTING_DATE = datetime.date(2024, 10, 2)
CONVENED_ON = datetime.date(2024, 9, 27)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Body.Kind.CCAS_BOARD
    name = factory.LazyAttribute(lambda o: f"Conseil d'administration — {o.organisation.short_name}")
    issuer_name = factory.LazyAttribute(lambda o: o.organisation.name)
    register_name = "Conseil d'Administration"
    code = factory.Sequence(lambda n: f"instance-{n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    body = factory.SubFactory(BodyFactory)
    civility = factory.Iterator(["M.", "Mme"])
    last_name = factory.Sequence(lambda n: f"MEMBRE{n}")
    rank = factory.Sequence(lambda n: n)


def board(organisation=None, size=5, **kwargs):
    """A body with ``size`` members in office (open mandates)."""
    body = BodyFactory(organisation=organisation or OrganisationFactory(), **kwargs)
    members = [MemberFactory(body=body) for _ in range(size)]
    return body, members


def sitting(body, members, date=SITTING_DATE, convened_on=CONVENED_ON, subjects=("Point à délibérer",), **kwargs):
    return services.prepare_sitting(
        body,
        date=date,
        convened_on=convened_on,
        president=members[0],
        items=[(s, f"Texte de « {s} ».") for s in subjects],
        **kwargs,
    )


def all_present(item, members):
    return services.record_attendance(item, {m.pk: (Attendance.Status.PRESENT, None) for m in members})


def voted_deliberation(organisation=None, size=5, date=SITTING_DATE, convened_on=CONVENED_ON) -> Deliberation:
    """A body, a sitting, everyone present, one item adopted unanimously and numbered."""
    body, members = board(organisation, size)
    session = sitting(body, members, date=date, convened_on=convened_on)
    item = session.items.get()
    all_present(item, members)
    return services.record_vote(item, vote_mode=Deliberation.VoteMode.UNANIMOUS)
