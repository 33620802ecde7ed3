"""Demo children and families: synthetic and clearly fictitious (Faker ``fr_FR``, seeded).

As many children per programme as the 2016 youth counts of the seeds (913 in all), referred between
2024 and 2026, at every stage: awaiting (some with a consent missing), ineligible (with the reason),
in parcours, exited (some after a consent was revoked). Schools are invented and marked « (démo) ».
The demo référent ``referent.dijon`` follows about a hundred Dijon children; the other children are
followed by demo référents who cannot sign in. Loaded with bulk inserts: ``load_demo`` stays fast.

Historical cohorts (``load_history``): the network has been on the platform since 2015, so it also
holds the files of the children followed in 2015 and 2016, all ended by 2017 and anonymised by
retention two years after their last contact — statistics only, in no list or page. As many per
programme as the printed youth counts of 2016 (551 in Dijon, 913 in all), and 812 in 2015 (the
printed network total) split between the programmes by a fictitious key (``split_2015``).
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from faker import Faker

from reussite.accounts.models import Membership, Role, User
from reussite.core.money import allocate_largest_remainder
from reussite.core.numbers import implied_base
from reussite.territory.demo import NETWORK_NAME, NETWORK_TOTALS, PRINTED_EVOLUTIONS, YOUTH_2016
from reussite.territory.models import Network, Programme

from .consents import Purpose
from .eligibility import EligibilityFacts, check_eligibility
from .identity import CODE_ALPHABET, CODE_LENGTH
from .models import (
    Axis,
    Child,
    Consent,
    EpsAgendaItem,
    EpsMeeting,
    EpsMember,
    ExitReason,
    Guardian,
    Household,
    Objective,
    ObjectiveResult,
    ParcoursPeriod,
    PlanAction,
    Referral,
    ReferralReason,
    Review,
    School,
)
from .retention import ANONYMISED, ERASED_GUARDIAN, ERASED_HOUSEHOLD, erase_identity

D = datetime.date
SEED = 2016
FIRST_REFERRAL, LAST_REFERRAL = D(2024, 1, 8), D(2026, 10, 30)
DEMO_REFERENT = "referent.dijon"
DEMO_REFERENT_CASELOAD = 100

REASONS = [
    "Difficultés d'apprentissage",
    "Absentéisme scolaire",
    "Comportement à l'école",
    "Santé",
    "Santé psychique, mal-être",
    "Soutien à la parentalité",
    "Isolement, accès aux loisirs",
    "Maîtrise de la langue française",
    "Difficultés sociales de la famille",
]

# The exit reasons of the State's annual survey.
EXIT_REASONS = [
    "Objectifs atteints",
    "Relais vers le droit commun",
    "Déménagement",
    "Refus ou retrait du consentement",
    "Limite d'âge",
    "Absence de contact",
    "Autre",
]
WITHDRAWN = "Refus ou retrait du consentement"

# Invented schools per commune: (name, priority)
SCHOOLS = {
    "Chenôve": [("École élémentaire des Tilleuls (démo)", "rep_plus"), ("Collège du Plateau (démo)", "rep")],
    "Dijon": [
        ("École élémentaire des Acacias (démo)", "rep_plus"),
        ("École maternelle des Lilas (démo)", "rep"),
        ("Collège des Marronniers (démo)", "rep"),
        ("École élémentaire du Centre (démo)", ""),
    ],
    "Longvic": [("École élémentaire des Peupliers (démo)", "rep"), ("Collège de la Rivière (démo)", "")],
    "Quetigny": [("École élémentaire du Parc (démo)", ""), ("Collège des Saules (démo)", "rep")],
    "Talant": [("École élémentaire du Belvédère (démo)", "rep"), ("Collège des Vignes (démo)", "")],
}

REFERENTS_PER_PROGRAMME = {"Chenôve": 2, "Dijon": 5, "Longvic": 2, "Quetigny": 1, "Talant": 2}
ALL_PURPOSES = [Purpose.FOLLOW_UP, Purpose.SCHOOL_EXCHANGE, Purpose.PSYCHOLOGIST]


def _level(age: int) -> str:
    if age < 3:
        return Child.Level.NOT_SCHOOLED
    if age < 6:
        return Child.Level.MATERNELLE
    if age < 11:
        return Child.Level.ELEMENTAIRE
    if age < 15:
        return Child.Level.COLLEGE
    return Child.Level.LYCEE


def _referents(programme, commune_name):
    """The demo référents of a programme (the documented account for Dijon, others that cannot sign in)."""
    carrier = programme.carrier_on(LAST_REFERRAL)
    users = []
    for n in range(1, REFERENTS_PER_PROGRAMME[commune_name] + 1):
        slug = commune_name.lower().replace("ô", "o")
        username = DEMO_REFERENT if (slug == "dijon" and n == 1) else f"referent{n}.{slug}.demo"
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": f"Référent {n}", "last_name": "Démo", "is_demo": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, organisation=carrier, role=Role.REFERENT)
        users.append(user)
    return users


@transaction.atomic
def load():
    network = Network.objects.get(name=NETWORK_NAME)
    reasons = [ReferralReason.objects.get_or_create(network=network, label=label)[0] for label in REASONS]
    exit_reasons = {label: ExitReason.objects.get_or_create(network=network, label=label)[0] for label in EXIT_REASONS}
    rng = random.Random(SEED)
    fake = Faker("fr_FR")
    fake.seed_instance(SEED)
    recorder = User.objects.get(username="coordination.dijon")
    for commune_name in sorted(SCHOOLS):
        programme = Programme.objects.select_related("commune").get(network=network, commune__name=commune_name)
        schools = [
            School.objects.get_or_create(
                network=network, commune=programme.commune, name=name, defaults={"priority": priority}
            )[0]
            for name, priority in SCHOOLS[commune_name]
        ]
        referents = _referents(programme, commune_name)
        if programme.children.exists():
            continue  # idempotent: a programme's demo children are loaded once
        count = YOUTH_2016[_key(commune_name)]
        _load_programme(programme, count, schools, reasons, exit_reasons, referents, recorder, rng, fake)
        _load_eps(programme, recorder, rng, fake)
        # Its own random sequence: the plans do not change the children drawn above.
        _load_plans(programme, recorder, random.Random(f"{SEED}-plans-{commune_name}"))
    # After the current children: their codes and keys (and what care's demo picks) do not move.
    load_history(network, reasons, exit_reasons, recorder)


def _key(commune_name: str) -> str:
    return commune_name.lower().replace("ô", "o")


def _load_programme(programme, count, schools, reasons, exit_reasons, referents, recorder, rng, fake):
    quartiers = list(programme.quartiers.valid_on(FIRST_REFERRAL).filter(kind="qpv"))
    postal_code = {"Chenôve": "21300", "Dijon": "21000", "Longvic": "21600", "Quetigny": "21800", "Talant": "21240"}[
        programme.commune.name
    ]
    span = (LAST_REFERRAL - FIRST_REFERRAL).days
    households, children, plans = [], [], []
    demo_caseload = [0]  # children given to the documented demo référent so far
    for _ in range(count):
        referral_date = FIRST_REFERRAL + datetime.timedelta(days=rng.randrange(span))
        # Mostly within the programme's ages, a few outside (ineligible referrals are kept too).
        age = rng.choice([*range(programme.age_min, programme.age_max + 1)] * 12 + [17, 1])
        birth_date = referral_date - datetime.timedelta(days=age * 365 + rng.randrange(30, 330))
        in_qpv = rng.random() < 0.85 and quartiers
        school = rng.choice(schools) if age >= 3 else None
        households.append(
            Household(
                programme=programme,
                address=fake.street_address(),
                postal_code=postal_code,
                city=programme.commune.name,
                quartier=rng.choice(quartiers) if in_qpv else None,
            )
        )
        sex = rng.choice(Child.Sex.values)
        children.append(
            Child(
                programme=programme,
                code="E-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
                first_name=fake.first_name_female() if sex == "F" else fake.first_name_male(),
                last_name=fake.last_name(),
                birth_date=birth_date,
                sex=sex,
                school=school,
                school_level=_level(age),
            )
        )
        plans.append((referral_date, rng.random(), rng.random() < 0.6))
    Household.objects.bulk_create(households)
    guardians, referrals, consents = [], [], []
    for household, child, (referral_date, stage, two_holders) in zip(households, children, plans, strict=True):
        child.household = household
        child.fill_derived()
        mother = Guardian(
            household=household, first_name=fake.first_name_female(), last_name=child.last_name, relationship="mother"
        )
        holders = [mother]
        if two_holders:
            holders.append(
                Guardian(
                    household=household,
                    first_name=fake.first_name_male(),
                    last_name=child.last_name,
                    relationship="father",
                )
            )
        guardians.extend(holders)
        child._holders = holders
        eligibility = check_eligibility(
            EligibilityFacts(
                birth_date=child.birth_date,
                referral_date=referral_date,
                age_min=programme.age_min,
                age_max=programme.age_max,
                lives_in_programme_qpv=household.quartier is not None,
                attends_priority_school=bool(child.school and child.school.priority),
            )
        )
        child._referral = (referral_date, eligibility)
        if not eligibility.eligible:
            child.status = Child.Status.INELIGIBLE
        elif stage < 0.12 or referral_date > LAST_REFERRAL - datetime.timedelta(days=30):
            child.status = Child.Status.REFERRED
        elif stage < 0.8:
            child.status = Child.Status.ACTIVE
        else:
            child.status = Child.Status.EXITED
        if child.status in (Child.Status.ACTIVE, Child.Status.EXITED):
            child.entered_on = referral_date + datetime.timedelta(days=rng.randrange(15, 60))
            child.referent = _pick_referent(referents, demo_caseload, rng)
        child._withdrawn = False
        if child.status == Child.Status.EXITED:
            child.exited_on = min(child.entered_on + datetime.timedelta(days=rng.randrange(120, 600)), LAST_REFERRAL)
            child.entered_on = min(child.entered_on, child.exited_on)
            child._withdrawn = rng.random() < 0.25
            others = [r for label, r in exit_reasons.items() if label != WITHDRAWN]
            child.exit_reason = exit_reasons[WITHDRAWN] if child._withdrawn else rng.choice(others)
    Guardian.objects.bulk_create(guardians)
    Child.objects.bulk_create(children)
    for child in children:
        referral_date, eligibility = child._referral
        referrals.append(
            Referral(
                child=child,
                date=referral_date,
                source=rng.choice(Referral.Source.values),
                referrer="",
                eligible=eligibility.eligible,
                ineligibility_reason=eligibility.message,
                recorded_by=recorder,
            )
        )
        consents.extend(_consents(child, recorder, rng))
    _save_referrals(referrals, consents, reasons, rng)


def _save_referrals(referrals, consents, reasons, rng):
    """Bulk-inserts the referrals with one to three reasons each, then the consents."""
    Referral.objects.bulk_create(referrals)
    Through = Referral.reasons.through
    Through.objects.bulk_create(
        [
            Through(referral_id=referral.pk, referralreason_id=reason.pk)
            for referral in referrals
            for reason in rng.sample(reasons, rng.choice([1, 1, 2, 3]))
        ]
    )
    Consent.objects.bulk_create(consents)


def _pick_referent(referents, demo_caseload, rng):
    """The documented demo référent follows about a hundred Dijon children: a normal caseload."""
    if referents[0].username == DEMO_REFERENT:
        if demo_caseload[0] < DEMO_REFERENT_CASELOAD and rng.random() < 0.35:
            demo_caseload[0] += 1
            return referents[0]
        return rng.choice(referents[1:])
    return rng.choice(referents)


def _consents(child, recorder, rng):
    """Consents of the holders: complete for children in parcours, sometimes missing while awaiting,
    revoked for some who left."""
    if child.status == Child.Status.INELIGIBLE:
        return []
    referral_date = child._referral[0]
    result = []
    for index, holder in enumerate(child._holders):
        if child.status == Child.Status.REFERRED and index == len(child._holders) - 1 and rng.random() < 0.5:
            continue  # the last holder has not signed yet
        given_on = referral_date + datetime.timedelta(days=rng.randrange(3, 14))
        purposes = [Purpose.FOLLOW_UP] + [p for p in ALL_PURPOSES[1:] if rng.random() < 0.5]
        revoked_on = None
        if child._withdrawn and index == 0:
            revoked_on = max(child.exited_on, given_on)
        result.append(
            Consent(
                child=child,
                guardian=holder,
                given_on=given_on,
                purposes=[str(p) for p in purposes],
                revoked_on=revoked_on,
                revocation_note="Retrait du consentement par la famille" if revoked_on else "",
                recorded_by=recorder,
            )
        )
    return result


EPS_PARTNERS = [
    ("Collège du secteur (démo)", "Conseillère principale d'éducation"),
    ("Service social départemental (démo)", "Assistante sociale"),
    ("Centre médico-psychologique (démo)", "Psychologue"),
    ("Protection maternelle et infantile (démo)", "Puéricultrice"),
]
EPS_DECISIONS = {
    Child.Status.ACTIVE: EpsAgendaItem.Decision.PLAN_VALIDATED,
    Child.Status.EXITED: EpsAgendaItem.Decision.EXIT,
    Child.Status.REFERRED: EpsAgendaItem.Decision.ENTRY,
}


def _load_eps(programme, recorder, rng, fake):
    """Members bound by the charter and a meeting a month in 2026, each with children on its agenda."""
    EpsMember.objects.bulk_create(
        [
            EpsMember(
                programme=programme,
                full_name=fake.name(),
                organisation_name=organisation,
                function=function,
                charter_signed_on=D(2024, 1, 8),
                valid_from=D(2024, 1, 8),
            )
            for organisation, function in EPS_PARTNERS
        ]
    )
    meetings = EpsMeeting.objects.bulk_create(
        [
            EpsMeeting(
                programme=programme,
                date=D(2026, month, 12),
                place="Salle de réunion du programme (démo)",
                minutes="Relevé de décisions (donnée de démonstration)." if month < 11 else "",
                created_by=recorder,
            )
            for month in range(1, 13)
        ]
    )
    children = list(programme.children.exclude(status=Child.Status.INELIGIBLE).values_list("pk", "status"))
    items = []
    for meeting in meetings:
        for pk, status in rng.sample(children, min(len(children), 6)):
            decided = meeting.date < D(2026, 11, 1)
            items.append(EpsAgendaItem(meeting=meeting, child_id=pk, decision=EPS_DECISIONS[status] if decided else ""))
    EpsAgendaItem.objects.bulk_create(items)


# Axes of the demo plans: (axis, [(objective, [(action, domain, kind, partner or "")])]).
PLAN_AXES = [
    (
        "Reprendre confiance à l'école",
        [
            ("Retrouver l'envie d'apprendre", [("Accompagnement à la scolarité", "schooling", "collective", "")]),
            ("Venir en classe chaque jour", [("Rencontres régulières avec l'école", "schooling", "individual", "")]),
        ],
    ),
    (
        "Prendre soin de sa santé",
        [
            ("Faire un bilan de santé", [("Bilan orthophonique", "health", "individual", "Orthophoniste (démo)")]),
            ("Parler de ce qui ne va pas", [("Rendez-vous au CMP", "mental_health", "individual", "CMP (démo)")]),
        ],
    ),
    (
        "Soutenir les parents",
        [("Accompagner les parents dans le suivi scolaire", [("Groupe de parents", "parenting", "collective", "")])],
    ),
    (
        "S'ouvrir à de nouvelles activités",
        [
            ("Pratiquer un sport", [("Inscription au club de football", "sport_leisure", "individual", "Club (démo)")]),
            ("Découvrir la culture", [("Atelier théâtre", "culture", "collective", "")]),
            ("Partir en séjour", [("Séjour d'été", "stays", "collective", "Centre de vacances (démo)")]),
        ],
    ),
    (
        "Accéder à ses droits",
        [("Ouvrir les droits de la famille", [("Accompagnement aux démarches", "social", "individual", "")])],
    ),
    (
        "Maîtriser le français",
        [("Progresser en français", [("Ateliers de français langue étrangère", "fle", "collective", "")])],
    ),
]


def _load_plans(programme, recorder, rng):
    """Children who entered a parcours: their period, a plan of one to three axes with actions, and
    reviews measuring the objectives (the latest sets the intensity profile)."""
    children = list(programme.children.filter(entered_on__isnull=False).order_by("pk"))
    ParcoursPeriod.objects.bulk_create(
        ParcoursPeriod(
            child=c, programme=programme, entered_on=c.entered_on, exited_on=c.exited_on, exit_reason=c.exit_reason
        )
        for c in children
    )
    axes, planned = [], []
    for child in children:
        for position, (title, objectives) in enumerate(rng.sample(PLAN_AXES, rng.choice([1, 2, 2, 3])), start=1):
            axes.append(
                Axis(child=child, title=title, opened_on=child.entered_on, position=position, created_by=recorder)
            )
            planned.append(objectives)
    Axis.objects.bulk_create(axes)
    objectives, actions_of = [], []
    for axis, choices in zip(axes, planned, strict=True):
        for title, actions in choices:
            objectives.append(Objective(axis=axis, title=title, opened_on=axis.opened_on))
            actions_of.append(actions)
    Objective.objects.bulk_create(objectives)
    actions = []
    for objective, planned_actions in zip(objectives, actions_of, strict=True):
        child = objective.axis.child
        end = child.exited_on or LAST_REFERRAL
        for title, domain, kind, partner in planned_actions:
            starts = objective.opened_on + datetime.timedelta(days=rng.randrange(7, 45))
            starts = min(starts, end)
            done = child.exited_on is not None or rng.random() < 0.4
            actions.append(
                PlanAction(
                    objective=objective,
                    title=title,
                    domain=domain,
                    kind=kind,
                    provider=PlanAction.Provider.PARTNER if partner else PlanAction.Provider.INTERNAL,
                    partner=partner,
                    starts_on=starts,
                    ends_on=min(starts + datetime.timedelta(days=rng.randrange(30, 180)), end) if done else None,
                    status=PlanAction.Status.DONE if done else PlanAction.Status.ONGOING,
                )
            )
    PlanAction.objects.bulk_create(actions)
    by_child = {}
    for objective in objectives:
        by_child.setdefault(objective.axis.child_id, []).append(objective)
    reviews, results, reached = [], [], []
    for child in children:
        end = child.exited_on or LAST_REFERRAL
        months = (end - child.entered_on).days // 30
        dates = [child.entered_on + datetime.timedelta(days=120 * n) for n in range(1, 1 + min(3, months // 4))]
        for n, day in enumerate(dates, start=1):
            review = Review(
                child=child, date=day, intensity_profile=rng.choice([1, 2, 2, 3, 3, 4]), recorded_by=recorder
            )
            reviews.append(review)
            for objective in by_child.get(child.pk, []):
                level = min(4, rng.choice([1, 2, 2, 3]) + n - 1)
                results.append((review, objective, level))
                if level == ObjectiveResult.Level.REACHED:
                    reached.append((objective, day))
        if dates:
            child.intensity_profile = reviews[-1].intensity_profile
    Review.objects.bulk_create(reviews)
    ObjectiveResult.objects.bulk_create(
        [ObjectiveResult(review=review, objective=objective, level=level) for review, objective, level in results]
    )
    closed = {}
    for objective, day in reached:
        closed.setdefault(objective.pk, (objective, day))
    for objective, day in closed.values():
        objective.status, objective.closed_on = Objective.Status.REACHED, day
    Objective.objects.bulk_update([o for o, _d in closed.values()], ["status", "closed_on"])
    Child.objects.bulk_update([c for c in children if c.intensity_profile], ["intensity_profile"])


# --- Historical cohorts: the children followed in 2015 and 2016, anonymised long ago ---------------

HISTORY_FROM, HISTORY_UNTIL = D(2015, 1, 5), D(2017, 11, 30)
HISTORY_YEARS = (2015, 2016, 2017)


def split_2015() -> dict[str, int]:
    """Fictitious per-programme youth of 2015 (demo data: the seeds print the network's 812 only).

    812 split by largest remainder in proportion to the 2015 counts each printed per-commune
    evolution implies (2016 count / (1 + printed %)): those add up to 816.3, not 812, so the printed
    evolutions cannot all hold, and the youth table keeps saying so."""
    keys = sorted(YOUTH_2016)
    weights = [implied_base(YOUTH_2016[k], percent=Decimal(PRINTED_EVOLUTIONS[k][0])) for k in keys]
    shares = allocate_largest_remainder(NETWORK_TOTALS[2015], weights, unit=Decimal(1), keys=keys)
    return {k: int(share) for k, share in zip(keys, shares, strict=True)}


def cohort_sizes(in_2015: int, in_2016: int) -> tuple[int, int, int]:
    """Pure: (followed in both years, in 2015 only, in 2016 only) so that ``in_2015`` children had a
    parcours active in 2015 and ``in_2016`` in 2016."""
    both = min(round(in_2015 * 0.55), round(in_2016 * 0.8))
    return both, in_2015 - both, in_2016 - both


def _random_day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the daily run anonymises on 1 March
        return D(day.year + years, 3, 1)


def load_history(network, reasons, exit_reasons, recorder):
    """The anonymised files of 2015–2017, per programme (idempotent: loaded once)."""
    if Child.objects.filter(programme__network=network, anonymised_on__isnull=False).exists():
        return
    in_2015 = split_2015()
    codes = set(Child.objects.values_list("code", flat=True))
    for commune_name in sorted(SCHOOLS):
        key = _key(commune_name)
        programme = Programme.objects.get(network=network, commune__name=commune_name)
        rng = random.Random(f"{SEED}-history-{key}")
        _load_cohorts(programme, in_2015[key], YOUTH_2016[key], reasons, exit_reasons, recorder, codes, rng)


def _load_cohorts(programme, in_2015, in_2016, reasons, exit_reasons, recorder, codes, rng):
    meetings = EpsMeeting.objects.bulk_create(
        [
            EpsMeeting(
                programme=programme,
                date=D(year, month, 10),
                place="Salle de réunion du programme (démo)",
                created_by=recorder,
            )
            for year in HISTORY_YEARS
            for month in range(1, 13)
        ]
    )
    quartiers = list(programme.quartiers.valid_on(D(2015, 6, 1)))
    others = [r for label, r in exit_reasons.items() if label != WITHDRAWN]
    both, only_2015, only_2016 = cohort_sizes(in_2015, in_2016)
    # (first and last referral day, last exit day, first exit day or None) of each cohort
    cohorts = (
        [(D(2015, 1, 5), D(2015, 10, 31), D(2016, 1, 4))] * both
        + [(D(2015, 1, 5), D(2015, 7, 15), None)] * only_2015
        + [(D(2016, 1, 2), D(2016, 9, 30), None)] * only_2016
    )
    households, guardians, children, files = [], [], [], []
    for first, last, exit_from in cohorts:
        referred_on = _random_day(rng, first, last)
        entry_meeting = next(m for m in meetings if m.date > referred_on)
        entered_on = entry_meeting.date + datetime.timedelta(days=rng.randrange(0, 15))
        earliest_exit = max(entered_on + datetime.timedelta(days=120), exit_from or entered_on)
        latest_exit = D(2015, 12, 31) if first.year == 2015 and exit_from is None else HISTORY_UNTIL
        exited_on = _random_day(rng, earliest_exit, latest_exit)
        exit_meeting = [m for m in meetings if m.date <= exited_on][-1]
        withdrawn = rng.random() < 0.1
        age = rng.randrange(programme.age_min, programme.age_max + 1)
        household = Household(
            programme=programme,
            quartier=rng.choice(quartiers) if quartiers and rng.random() < 0.85 else None,
            **ERASED_HOUSEHOLD,
        )
        households.append(household)
        guardians.append(Guardian(household=household, relationship="mother", **ERASED_GUARDIAN))
        code = _new_code(codes, rng)
        child = Child(
            programme=programme,
            household=household,
            code=code,
            birth_date=D(referred_on.year - age, rng.randrange(1, 13), rng.randrange(1, 29)),
            sex=rng.choice(Child.Sex.values),
            school_level=_level(age),
            status=Child.Status.EXITED,
            entered_on=entered_on,
            exited_on=exited_on,
            exit_reason=exit_reasons[WITHDRAWN] if withdrawn else rng.choice(others),
        )
        # The last contact is the exit (every event of the file precedes it): anonymised two years on.
        erase_identity(child, _years_after(exited_on, 2))
        children.append(child)
        files.append((referred_on, entry_meeting, exit_meeting, withdrawn))
    Household.objects.bulk_create(households)
    for guardian, household in zip(guardians, households, strict=True):
        guardian.household = household
    Guardian.objects.bulk_create(guardians)
    for child, household in zip(children, households, strict=True):
        child.household = household
    Child.objects.bulk_create(children)
    referrals, consents, periods, items = [], [], [], []
    for child, guardian, (referred_on, entry_meeting, exit_meeting, withdrawn) in zip(
        children, guardians, files, strict=True
    ):
        referrals.append(
            Referral(
                child=child,
                date=referred_on,
                source=rng.choice(Referral.Source.values),
                referrer="",
                eligible=True,  # judged then on the school and the address, both erased since
                recorded_by=recorder,
            )
        )
        consents.append(
            Consent(
                child=child,
                guardian=guardian,
                given_on=min(referred_on + datetime.timedelta(days=rng.randrange(3, 10)), child.entered_on),
                purposes=[str(Purpose.FOLLOW_UP)],
                revoked_on=child.exited_on if withdrawn else None,
                recorded_by=recorder,
            )
        )
        periods.append(
            ParcoursPeriod(
                child=child,
                programme=programme,
                entered_on=child.entered_on,
                exited_on=child.exited_on,
                exit_reason=child.exit_reason,
            )
        )
        items.append(EpsAgendaItem(meeting=entry_meeting, child=child, decision=EpsAgendaItem.Decision.ENTRY))
        items.append(EpsAgendaItem(meeting=exit_meeting, child=child, decision=EpsAgendaItem.Decision.EXIT))
    _save_referrals(referrals, consents, reasons, rng)
    ParcoursPeriod.objects.bulk_create(periods)
    EpsAgendaItem.objects.bulk_create(items)
    _load_history_plans(children, recorder, rng)


def _new_code(codes: set[str], rng) -> str:
    while True:
        code = "E-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in codes:
            codes.add(code)
            return code


def _load_history_plans(children, recorder, rng):
    """The plan's structure as retention keeps it (wording erased), and reviews with their profile."""
    axes, planned = [], []
    for child in children:
        for position, (_title, objectives) in enumerate(rng.sample(PLAN_AXES, rng.choice([1, 2, 2])), start=1):
            axes.append(
                Axis(child=child, title=ANONYMISED, opened_on=child.entered_on, position=position, created_by=recorder)
            )
            planned.append(objectives)
    Axis.objects.bulk_create(axes)
    objectives, actions_of = [], []
    for axis, choices in zip(axes, planned, strict=True):
        for _title, actions in choices:
            objectives.append(Objective(axis=axis, title=ANONYMISED, opened_on=axis.opened_on))
            actions_of.append((axis.child, actions))
    Objective.objects.bulk_create(objectives)
    actions = []
    for objective, (child, planned_actions) in zip(objectives, actions_of, strict=True):
        for _title, domain, kind, partner in planned_actions:
            starts = min(objective.opened_on + datetime.timedelta(days=rng.randrange(7, 45)), child.exited_on)
            actions.append(
                PlanAction(
                    objective=objective,
                    title=ANONYMISED,
                    domain=domain,
                    kind=kind,
                    provider=PlanAction.Provider.PARTNER if partner else PlanAction.Provider.INTERNAL,
                    partner=partner,
                    starts_on=starts,
                    ends_on=min(starts + datetime.timedelta(days=rng.randrange(30, 180)), child.exited_on),
                    status=PlanAction.Status.DONE,
                )
            )
    PlanAction.objects.bulk_create(actions)
    reviews = []
    for child in children:
        day = min(child.entered_on + datetime.timedelta(days=rng.randrange(30, 75)), child.exited_on)
        while True:
            reviews.append(
                Review(child=child, date=day, intensity_profile=rng.choice([1, 2, 2, 3, 3, 4]), recorded_by=recorder)
            )
            child.intensity_profile = reviews[-1].intensity_profile
            day += datetime.timedelta(days=120)
            if day > child.exited_on:
                break
    Review.objects.bulk_create(reviews)
    Child.objects.bulk_update(children, ["intensity_profile"])
