import datetime
from decimal import Decimal

from reussite.coordination import services
from reussite.coordination.models import EventKind, ProviderRate
from reussite.funding.models import ActionKind, BudgetLine, Convention

D = datetime.date
MARCH_14 = D(2017, 3, 14)
JAN_1 = D(2017, 1, 1)


def event(world, *, network="own", title="Échange de pratiques A", day=MARCH_14, kind="echange-de-pratiques", **kw):
    own = network == "own"
    return services.create_event(
        network=world.network if own else world.other_network,
        kind=EventKind.default(kind),
        title=title,
        date=day,
        organiser=world.metropole if own else world.other_metropole,
        **kw,
    )


def convention_2017(network, amount="4300"):
    convention = Convention.objects.create(
        network=network,
        reference=f"CONV-{network.pk}",
        title="Convention 2017",
        first_year=2017,
        last_year=2017,
        end_date=D(2017, 12, 31),
    )
    line = BudgetLine.objects.create(
        convention=convention,
        year=2017,
        action_kind=ActionKind.default("analyse-de-la-pratique"),
        planned_amount=Decimal(amount),
    )
    return convention, line


def rate(provider, amount="430", valid_from=JAN_1, unit=ProviderRate.Unit.SESSION):
    return ProviderRate.objects.create(provider=provider, unit=unit, amount=Decimal(amount), valid_from=valid_from)
