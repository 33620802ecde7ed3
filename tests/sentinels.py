"""Sentinel objects of the permission matrix: recognisable names and amounts, one set per target.

``own`` belongs to world.carrier (CCAS A1: programme coordinator, référent, board secretary) and
its programme; ``other_org`` to world.carrier2 (CCAS A2, same network); ``other_network`` to
world.other_carrier (CCAS B1). The matrix asserts, for each role, that a page shows the sentinels
that role may see and none of the others (``tests/matrix.py``: ``Seen``).

Every sentinel is a tuple of the ways it may be written: "765 432,19" on a page or a PDF,
"765432.19" in JSON. Groups are built on first use, so tests that do not check content do not pay
for them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

TARGETS = ("own", "other_org", "other_network")
FLOWER = {"own": "Azalée", "other_org": "Bégonia", "other_network": "Camélia"}
YOUTH = {"own": 4321, "other_org": 5432, "other_network": 6543}
# Split by whole euros (the rounding unit of a key), so the amounts called are whole too.
SHARED_TOTAL = {"own": Decimal("765432"), "other_org": Decimal("876543"), "other_network": Decimal("987654")}
CONTRIBUTION = Decimal("1000")
PAYMENT = {"own": Decimal("12345.67"), "other_org": Decimal("23456.78"), "other_network": Decimal("34567.89")}
EVENT_COST = {"own": Decimal("2468.13"), "other_org": Decimal("3579.24"), "other_network": Decimal("4680.35")}
GRANT_PAYMENT = {"own": Decimal("4567.81"), "other_org": Decimal("5678.92"), "other_network": Decimal("6789.13")}

# Which group builds which kind of sentinel.
GROUPS = {
    "territory": ("network", "organisation", "programme", "quartier", "youth"),
    "accounts": ("account",),
    "funding": (
        "convention",
        "convention_reference",
        "party",
        "call",
        "payment",
        "budget",
        "evolution",
        "amendment",
        "grant",
        "grant_line",
        "grant_payment",
    ),
    "governance": ("body", "member", "sitting", "deliberation"),
    "coordination": ("event", "participant", "minutes", "event_cost", "resource"),
    "youth_quartier": ("quartier_youth",),
}
GROUP_OF = {kind: group for group, kinds in GROUPS.items() for kind in kinds}


def amount_texts(value: Decimal) -> tuple[str, ...]:
    """How an amount is written: French grouping on pages and documents, plain in JSON."""
    units, cents = f"{value:.2f}".split(".")
    grouped = f"{int(units):,}".replace(",", " ")
    return (f"{grouped},{cents}", f"{units}.{cents}", f"{units},{cents}")


def count_texts(value: int) -> tuple[str, ...]:
    return (f"{value:,}".replace(",", " "), str(value))


class Sentinels:
    """``world.sentinels.texts(kind, target)``: the tuple of writings of that sentinel."""

    def __init__(self, world):
        self.world = world
        self._built: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {}
        self.objects: dict[tuple[str, str], object] = {}

    def texts(self, kind: str, target: str) -> tuple[str, ...]:
        group = GROUP_OF[kind]
        if group not in self._built:
            self._built[group] = getattr(self, f"_build_{group}")()
        return self._built[group][(kind, target)]

    def object(self, kind: str, target: str):
        """The sentinel object itself (``convention``, ``call``, ``body``, ``deliberation``…)."""
        self.texts(kind, target)
        return self.objects[(kind, target)]

    # --- targets -----------------------------------------------------------------------------

    def organisation(self, target):
        w = self.world
        return {"own": w.carrier, "other_org": w.carrier2, "other_network": w.other_carrier}[target]

    def programme(self, target):
        w = self.world
        return {"own": w.programme, "other_org": w.programme2, "other_network": w.other_programme}[target]

    def coordinator(self, target):
        w = self.world
        return w.other_metropole if target == "other_network" else w.metropole

    # --- groups ------------------------------------------------------------------------------

    def _build_territory(self):
        from tests.factories import QuartierFactory, YouthCountFactory

        texts = {}
        for target in TARGETS:
            organisation, programme = self.organisation(target), self.programme(target)
            quartier = QuartierFactory(commune=programme.commune, name=f"Quartier {FLOWER[target]}")
            YouthCountFactory(programme=programme, year=2016, count=YOUTH[target])
            self.objects[("quartier", target)] = quartier
            texts[("network", target)] = (organisation.network.name,)
            texts[("organisation", target)] = (organisation.short_name,)
            texts[("programme", target)] = (programme.commune.name,)
            texts[("quartier", target)] = (quartier.name,)
            texts[("youth", target)] = count_texts(YOUTH[target])
        return texts

    def _build_accounts(self):
        from reussite.audit.models import SignInEvent
        from tests.factories import MembershipFactory, UserFactory

        texts = {}
        for target in TARGETS:
            user = UserFactory(
                username=f"sentinelle-{FLOWER[target].lower()}", first_name="Sentinelle", last_name=FLOWER[target]
            )
            MembershipFactory(user=user, organisation=self.organisation(target), role="reader")
            SignInEvent.objects.create(user=user, kind=SignInEvent.Kind.LOGIN)
            texts[("account", target)] = (user.username, user.get_full_name())
        return texts

    def _build_funding(self):
        from reussite.funding import services
        from reussite.funding.models import GrantEnvelope, MoneyEvolution
        from tests.funding.factories import first_call, make_convention

        texts = {}
        for target in TARGETS:
            flower = FLOWER[target]
            convention = make_convention(
                self.coordinator(target),
                [self.organisation(target)],
                shared_total=SHARED_TOTAL[target],
                contribution=CONTRIBUTION,
                issue=True,
                title=f"Convention {flower}",
                reference=f"REF-{flower.upper()}",
            )
            call = first_call(convention)
            services.record_payment(call, amount=PAYMENT[target], paid_on=datetime.date(2025, 5, 2))
            self.objects[("convention", target)] = convention
            self.objects[("call", target)] = call
            texts[("convention", target)] = (convention.title,)
            texts[("convention_reference", target)] = (convention.reference,)
            texts[("party", target)] = (self.organisation(target).short_name,)
            texts[("call", target)] = amount_texts(call.amount)
            texts[("payment", target)] = amount_texts(PAYMENT[target])
            texts[("budget", target)] = amount_texts(SHARED_TOTAL[target] + CONTRIBUTION)
            self.objects[("evolution", target)] = services.record_money_evolution(
                MoneyEvolution(
                    convention=convention,
                    year=2025,
                    subject=MoneyEvolution.Subject.TOTAL_COST,
                    printed_text=f"Évolution {flower}",
                    printed_change=Decimal("100"),
                )
            )
            texts[("evolution", target)] = (f"Évolution {flower}",)
            # A signed avenant (the sentinel conventions are notified): adds one article.
            amendment = services.create_amendment(
                convention, object=f"Avenant {flower}", drafted_on=datetime.date(2025, 6, 2)
            )
            with services.amending(convention):
                convention.articles.create(position=99, number="Article 99", title=f"Article {flower}")
            services.approve_amendment(amendment, on=datetime.date(2025, 6, 3))
            self.objects[("amendment", target)] = services.sign_amendment(amendment, on=datetime.date(2025, 6, 4))
            texts[("amendment", target)] = (f"Avenant {flower}",)
            # Outgoing money: an envelope granted by the target's organisation, one line, one payment.
            organisation = self.organisation(target)
            envelope = services.save_grant_envelope(
                GrantEnvelope(
                    network_id=organisation.network_id,
                    grantor=organisation,
                    title=f"Enveloppe {flower}",
                    year=2025,
                    rule=GrantEnvelope.Rule.FIXED,
                ),
                [services.GrantData(f"Bénéficiaire {flower}", fixed_amount=Decimal("10000"))],
            )
            line = envelope.grants.get()
            self.objects[("grant", target)] = envelope
            self.objects[("grant_line", target)] = line
            self.objects[("grant_payment", target)] = services.record_grant_payment(
                line, kind="whole", amount=GRANT_PAYMENT[target], paid_on=datetime.date(2025, 5, 3)
            )
            texts[("grant", target)] = (f"Enveloppe {flower}",)
            texts[("grant_line", target)] = (f"Bénéficiaire {flower}",)
            texts[("grant_payment", target)] = amount_texts(GRANT_PAYMENT[target])
        return texts

    def _build_governance(self):
        from reussite.governance.models import Deliberation
        from reussite.governance.services import record_vote
        from tests.governance.factories import BodyFactory, MemberFactory, all_present, sitting

        texts = {}
        for target in TARGETS:
            flower = FLOWER[target]
            body = BodyFactory(organisation=self.organisation(target), name=f"Conseil {flower}")
            members = [MemberFactory(body=body, last_name=f"Membre-{flower}")] + [
                MemberFactory(body=body) for _ in range(2)
            ]
            session = sitting(body, members, subjects=(f"Délibération {flower}",), place=f"Salle {flower}")
            item = session.items.get()
            all_present(item, members)
            deliberation = record_vote(item, vote_mode=Deliberation.VoteMode.UNANIMOUS)
            self.objects[("body", target)] = body
            self.objects[("sitting", target)] = session
            self.objects[("deliberation", target)] = deliberation
            texts[("body", target)] = (body.name,)
            texts[("member", target)] = (f"Membre-{flower}",)
            texts[("sitting", target)] = (f"Salle {flower}",)
            texts[("deliberation", target)] = (f"Délibération {flower}",)
        return texts

    def _build_coordination(self):
        """An event (with one invited participant, minutes and a cost) and a library resource per
        target, with an audience: ``own`` for CCAS A1's programme and the coordination and référent
        roles; ``other_org`` for CCAS A2's programme (every role); ``other_network`` in network B."""
        from django.utils import timezone

        from reussite.coordination import services
        from reussite.coordination.models import EventKind, Invitation, ProviderRate
        from reussite.core.roles import Role

        audience = {
            "own": ([self.programme("own")], [Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR, Role.REFERENT]),
            "other_org": ([self.programme("other_org")], []),
            "other_network": ([], []),
        }
        today = timezone.localdate()
        texts = {}
        for target in TARGETS:
            flower, organisation = FLOWER[target], self.organisation(target)
            programmes, roles = audience[target]
            event = services.create_event(
                network=organisation.network,
                kind=EventKind.default("information"),
                title=f"Rencontre {flower}",
                date=today,
                organiser=self.coordinator(target),
                programmes=programmes,
                roles=roles,
            )
            services.record_minutes(event, f"Compte rendu {flower}")
            Invitation.objects.create(
                event=event,
                full_name=f"Participant {flower}",
                email=f"participant-{target}@example.org",
                organisation=organisation,
                programme=self.programme(target),
                attended=False,
            )
            ProviderRate.objects.create(
                provider=organisation, amount=EVENT_COST[target], valid_from=today - datetime.timedelta(days=400)
            )
            services.record_cost(event, provider=organisation, unit="session", quantity=Decimal(1))
            resource = services.add_resource(
                network=organisation.network,
                title=f"Guide {flower}",
                kind="guide",
                link="https://example.org/guide",
                programmes=programmes,
                roles=roles,
            )
            self.objects[("event", target)] = event
            self.objects[("resource", target)] = resource
            texts[("event", target)] = (event.title,)
            texts[("participant", target)] = (f"Participant {flower}",)
            texts[("minutes", target)] = (f"Compte rendu {flower}",)
            texts[("event_cost", target)] = amount_texts(EVENT_COST[target])
            texts[("resource", target)] = (resource.title,)
        return texts

    def _build_youth_quartier(self):
        """A child in parcours living in a quartier named after the target (not one the programme
        lists as covered): the name appears only in its programme's « Jeunes en parcours par quartier »."""
        from reussite.parcours.models import ParcoursPeriod
        from tests.factories import QuartierFactory
        from tests.parcours.factories import make_child

        texts = {}
        for target in TARGETS:
            programme = self.programme(target)
            quartier = QuartierFactory(commune=programme.commune, name=f"Îlot {FLOWER[target]}")
            child = make_child(programme, first_name="Ilotier", last_name=FLOWER[target])
            child.household.quartier = quartier
            child.household.save(update_fields=["quartier"])
            ParcoursPeriod.objects.create(child=child, programme=programme, entered_on=datetime.date(2025, 2, 1))
            texts[("quartier_youth", target)] = (quartier.name,)
        return texts
