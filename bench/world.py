"""A deterministic world at a chosen scale, written with bulk inserts (COPY on PostgreSQL).

Every network has the same shape (a métropole, its CCAS carrying the programmes, communes, providers;
conventions over eight years with their parties, budget, shares, calls for funds and payments; bodies
with twenty members, ten sittings a year with four items, attendance of every member on every item,
one deliberation per item). Network 1 is the one the benchmark signs in to; the others are there so
that scoping has every other network's rows to leave out.
"""

from __future__ import annotations

import datetime
import os
import random
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

SEED = 20261201
NAME_PREFIX = "Réseau bench"
BENCH_PASSWORD_UNUSABLE = "!bench"
# The key of the authenticator app of the users whose role requires the second factor: the benchmark
# computes their codes from it (bench/pages.py) and passes the verification page like a user would.
BENCH_TOTP_KEY = "62656e63682d7365636f6e642d666163746f7221"
CALL_SERIES = "funding.call_for_funds"  # reussite/funding/services.py
DELIBERATION_SERIES = "governance.deliberation"  # reussite/governance/services.py


@dataclass(frozen=True)
class Scale:
    name: str
    networks: int
    programmes: tuple[int, ...]  # programmes per network, cycled (national: 5 or 6, 530 in all)
    conventions: int  # per network
    years: int
    paying_parties: int
    bodies: int  # per network (the métropole's council and the first CCAS boards)
    members: int
    sittings_per_year: int
    items_per_sitting: int
    referrals_per_programme_year: int = 0  # children's domains (bench/children.py)

    @property
    def programme_count(self) -> int:
        return sum(self.programmes[i % len(self.programmes)] for i in range(self.networks))


SCALES = {
    "demo": Scale("demo", 2, (3,), 2, 2, 3, 2, 5, 2, 2, 10),
    "network": Scale("network", 4, (6,), 10, 8, 5, 6, 20, 10, 4, 110),
    # ≈ 100 networks, 530 programmes, 2 000 organisations, 1 000 conventions, 40 000 calls,
    # 600 bodies × 20 members, 48 000 sittings, 192 000 deliberations, 3.84 M attendance rows;
    # 110 referrals a programme a year (≈ 85 000 children followed a year, 460 000 over eight years).
    "national": Scale("national", 100, (6, 6, 6, 5, 5, 5, 5, 5, 5, 5), 10, 8, 5, 6, 20, 10, 4, 110),
}

ORGS_PER_NETWORK = 20  # 1 métropole, 6 CCAS, 6 communes, 1 caisse des écoles, 5 providers, 1 State service
ROLE_USERS = {
    # username: (role, organisation key in network 1)
    "bench.coordination": ("metropole_coordinator", "metropole"),
    "bench.finances": ("finance_officer", "metropole"),
    "bench.programme": ("programme_coordinator", "ccas1"),
    "bench.secretariat": ("board_secretary", "ccas1"),
    "bench.lecteur": ("reader", "metropole"),
    "bench.referent": ("referent", "ccas1"),
    "bench.psy": ("psychologist", "provider1"),
}
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
FIRST_NAMES = ["Camille", "Dominique", "Claude", "Alix", "Sacha", "Lou", "Morgan", "Charlie", "Noa", "Eden"]


def marker_name(scale: Scale) -> str:
    return f"{NAME_PREFIX} {scale.name} {scale.networks:03d}"


def holds(scale: Scale) -> bool:
    """Whether the database already holds this scale, complete (the last network and the users exist)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reussite.accounts.models import User
    from reussite.parcours.models import Child
    from reussite.territory.models import Network

    return (
        Network.objects.filter(name=marker_name(scale)).exists()
        and Child.objects.exists() == bool(scale.referrals_per_programme_year)
        and Network.objects.count() == scale.networks
        and User.objects.filter(username__in=ROLE_USERS).count() == len(ROLE_USERS)
        and TOTPDevice.objects.filter(user__username__in=ROLE_USERS, confirmed=True).count()
        == len(second_factor_users())
    )


def second_factor_users() -> list[str]:
    """The benchmark's users whose role requires the second factor (they get an authenticator)."""
    from reussite.accounts.models import NAMED_CHILD_ROLES

    return [username for username, (role, _) in ROLE_USERS.items() if role in NAMED_CHILD_ROLES]


def only_bench_data() -> bool:
    from reussite.territory.models import Network

    return not Network.objects.exclude(name__startswith=NAME_PREFIX).exists()


class Writer:
    """Rows appended per table, written with COPY (PostgreSQL) or executemany (SQLite)."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.next_ids: dict[str, int] = {}
        self.models = []

    def new_id(self, model) -> int:
        table = model._meta.db_table
        self.next_ids[table] = self.next_ids.get(table, 0) + 1
        return self.next_ids[table]

    def write(self, model, fields: list[str], rows):
        if model not in self.models:
            self.models.append(model)
        table = model._meta.db_table
        # Columns the generator does not name take their model default (a field added to a model must
        # not break the benchmark: COPY would write NULL where the ORM writes the default).
        named = {model._meta.get_field(f).column for f in fields}
        defaults = [
            f
            for f in model._meta.concrete_fields
            if f.column not in named
            and not f.primary_key
            and not f.null
            and not f.has_db_default()  # the database fills those itself
            and (f.has_default() or (f.empty_strings_allowed and f.blank))
        ]
        if defaults:
            values = tuple(f.get_db_prep_save(f.get_default(), connection) for f in defaults)
            fields = [*fields, *(f.name for f in defaults)]
            rows = [(*row, *values) for row in rows]
        columns = [model._meta.get_field(f).column for f in fields]
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                sql = (
                    f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({', '.join('?' * len(fields))})"
                )
                batch = []
                for row in rows:
                    batch.append(tuple(_sqlite(v) for v in row))
                    if len(batch) >= 5000:
                        cursor.executemany(sql.replace("?", "%s"), batch)
                        batch = []
                if batch:
                    cursor.executemany(sql.replace("?", "%s"), batch)

    def reset_sequences(self):
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _sqlite(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    if isinstance(value, Decimal | datetime.time):
        return str(value)
    return value


def generate(scale: Scale, log=print) -> dict[str, int]:
    """Empty the (bench-only) database and write the world of ``scale``. Returns row counts."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reussite.accounts.models import Membership, User
    from reussite.core.models import Counter
    from reussite.funding.models import (
        ActionKind,
        BudgetLine,
        CallForFunds,
        Convention,
        ConventionArticle,
        ConventionParty,
        ConventionStatusChange,
        FundingShare,
        FundingYear,
        Payment,
    )
    from reussite.governance.models import (
        AgendaItem,
        Attendance,
        Body,
        Deliberation,
        Member,
        Sitting,
    )
    from reussite.territory.models import (
        Commune,
        Network,
        Organisation,
        Programme,
        ProgrammeCarrier,
        Quartier,
        Representative,
        YouthCount,
    )

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=False)
    action_kinds = [
        ActionKind.default(code).pk
        for code in ("coordination", "analyse-de-la-pratique", "accompagnement-psychologique", "formation")
    ]
    rng = random.Random(SEED)
    w = Writer()
    now = timezone.now()
    today = timezone.localdate()
    # The years end this year at every scale, as the children's do: the pages of the current year
    # (calls to issue, conventions in force) then run the same queries at demo and national scale.
    years = list(range(today.year - scale.years + 1, today.year + 1))
    counts: dict[str, int] = {}

    def put(model, fields, rows):
        rows = list(rows) if not isinstance(rows, list) else rows
        w.write(model, fields, rows)
        counts[model.__name__] = counts.get(model.__name__, 0) + len(rows)

    networks, communes, quartiers, orgs, reps, programmes, carriers, youth = [], [], [], [], [], [], [], []
    org_ids: dict[tuple[int, str], int] = {}
    for n in range(1, scale.networks + 1):
        network_id = w.new_id(Network)
        name = marker_name(scale) if n == scale.networks else f"{NAME_PREFIX} {scale.name} {n:03d}"
        networks.append((network_id, name))
        commune_ids = []
        for k in range(1, 7):
            cid = w.new_id(Commune)
            commune_ids.append(cid)
            communes.append((cid, network_id, f"{n:03d}{k:02d}", f"Commune {n:03d}-{k}"))
            quartiers.append(
                (
                    w.new_id(Quartier),
                    cid,
                    f"Quartier {n:03d}-{k}",
                    "qpv",
                    f"QN{n:03d}{k:03d}",
                    "",
                    datetime.date(2015, 1, 1),
                    None,
                )
            )
        keys = ["metropole"] + [f"ccas{k}" for k in range(1, 7)] + [f"commune{k}" for k in range(1, 7)]
        keys += ["caisse"] + [f"provider{k}" for k in range(1, 6)] + ["state"]
        for key in keys:
            oid = w.new_id(Organisation)
            org_ids[(n, key)] = oid
            kind = {"metropole": "metropole", "caisse": "caisse_des_ecoles", "state": "state"}.get(
                key, "ccas" if key.startswith("ccas") else "commune" if key.startswith("commune") else "provider"
            )
            commune = commune_ids[int(key[-1]) - 1] if key[-1].isdigit() and kind in ("ccas", "commune") else None
            orgs.append(
                (
                    oid,
                    network_id,
                    kind,
                    f"{key.capitalize()} du réseau {n:03d}",
                    f"N{n:03d}-{key}",
                    commune,
                    "",
                    f"{n} rue de la République",
                    "21000",
                    f"Ville {n:03d}",
                    False,
                )
            )
            if kind in ("metropole", "ccas"):
                reps.append(
                    (
                        w.new_id(Representative),
                        oid,
                        "Mme",
                        f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "Présidente",
                        None,
                        datetime.date(2014, 1, 1),
                        None,
                    )
                )
        for p in range(1, scale.programmes[(n - 1) % len(scale.programmes)] + 1):
            pid = w.new_id(Programme)
            programmes.append((pid, network_id, commune_ids[p - 1], f"PRE {n:03d}-{p}", 2, 16))
            carriers.append(
                (w.new_id(ProgrammeCarrier), pid, org_ids[(n, f"ccas{p}")], datetime.date(2015, 1, 1), None)
            )
            for year in years:
                youth.append((w.new_id(YouthCount), network_id, pid, year, rng.randint(40, 400), None))
    put(Network, ["id", "name"], networks)
    put(Commune, ["id", "network", "insee_code", "name"], communes)
    put(Quartier, ["id", "commune", "name", "kind", "code", "legal_basis", "valid_from", "valid_until"], quartiers)
    put(
        Organisation,
        [
            "id",
            "network",
            "kind",
            "name",
            "short_name",
            "commune",
            "siret",
            "address",
            "postal_code",
            "city",
            "is_demo",
        ],
        orgs,
    )
    put(
        Representative,
        ["id", "organisation", "civility", "full_name", "capacity", "source", "valid_from", "valid_until"],
        reps,
    )
    put(Programme, ["id", "network", "commune", "name", "age_min", "age_max"], programmes)
    put(ProgrammeCarrier, ["id", "programme", "organisation", "valid_from", "valid_until"], carriers)
    put(YouthCount, ["id", "network", "programme", "year", "count", "source"], youth)
    log(f"  territoire : {len(networks)} réseaux, {len(orgs)} organisations, {len(programmes)} programmes")

    # Funding.
    conventions, articles, changes, parties, fyears, lines, shares, calls, payments, counters = ([] for _ in range(10))
    party_of: dict[tuple[int, int], int] = {}  # (convention id, CCAS number) -> party id
    convention_ids_of: dict[int, list[int]] = {}
    for n in range(1, scale.networks + 1):
        network_id = n
        metropole = org_ids[(n, "metropole")]
        numbers = dict.fromkeys(years, 0)
        for c in range(1, scale.conventions + 1):
            cid = w.new_id(Convention)
            convention_ids_of.setdefault(n, []).append(cid)
            conventions.append(
                (
                    cid,
                    network_id,
                    f"CPO-{n:03d}-{c:02d}",
                    f"Convention pluriannuelle {c} du réseau {n}",
                    "Le financement des programmes de réussite éducative.",
                    "Vu le code de l'éducation.",
                    "cpo",
                    years[0],
                    years[-1],
                    True,
                    None,
                    datetime.date(years[-1], 12, 31),
                    2,
                    "Dijon",
                    datetime.date(years[0], 3, 1),
                    datetime.date(years[0], 3, 15),
                    "in_force",
                    "1",
                    False,
                    "Versement à réception du titre de recettes.",
                    30,
                    None,
                    now,
                    now,
                )
            )
            for a in range(1, 9):
                articles.append(
                    (
                        w.new_id(ConventionArticle),
                        cid,
                        a,
                        f"Article {a}",
                        f"Titre de l'article {a}",
                        "Les parties conviennent de ce qui suit. " * 8,
                    )
                )
            steps = ["draft", "approved", "signed", "notified", "in_force"]
            for step, (before, after) in enumerate(zip(steps, steps[1:], strict=False)):
                changes.append(
                    (
                        w.new_id(ConventionStatusChange),
                        cid,
                        before,
                        after,
                        datetime.date(years[0], 2, 1 + step * 7),
                        "",
                        None,
                        False,
                        now,
                        None,
                    )
                )
            coordinator = w.new_id(ConventionParty)
            parties.append(
                (
                    coordinator,
                    cid,
                    metropole,
                    "coordinator",
                    0,
                    "",
                    "Mme Présidente",
                    "Présidente",
                    "Conseil métropolitain",
                    "",
                    None,
                    True,
                )
            )
            paying = []
            for p in range(1, scale.paying_parties + 1):
                party_id = w.new_id(ConventionParty)
                party_of[(cid, p)] = party_id
                paying.append(party_id)
                parties.append(
                    (
                        party_id,
                        cid,
                        org_ids[(n, f"ccas{p}")],
                        "paying",
                        p,
                        f"Commune {n:03d}-{p}",
                        "M. Président",
                        "Président",
                        "Conseil d'administration",
                        "",
                        None,
                        True,
                    )
                )
            for year in years:
                fy = w.new_id(FundingYear)
                amounts = [Decimal(rng.randint(5, 40) * 1000) for _ in paying]
                shared = sum(amounts)
                contribution = Decimal(rng.randint(20, 80) * 1000)
                cost = shared + contribution  # = the budget lines' total, as the import checks
                fyears.append((fy, cid, year, cost, shared, "fixed", None, None, None, now))
                line_amounts = [(cost * share / 100).quantize(Decimal("1")) for share in (40, 30, 20)]
                line_amounts.append(cost - sum(line_amounts))
                for position, (kind, planned) in enumerate(zip(action_kinds, line_amounts, strict=True)):
                    lines.append((w.new_id(BudgetLine), cid, year, kind, "", position, planned, None, None))
                shares.append(
                    (
                        w.new_id(FundingShare),
                        fy,
                        coordinator,
                        "contribution",
                        contribution,
                        None,
                        None,
                        contribution,
                        None,
                        None,
                    )
                )
                for party_id, amount in zip(paying, amounts, strict=True):
                    shares.append((w.new_id(FundingShare), fy, party_id, "key", amount, None, None, amount, None, None))
                    numbers[year] += 1
                    call_id = w.new_id(CallForFunds)
                    issue = datetime.date(year, 4, 1)
                    due = issue + datetime.timedelta(days=30)
                    calls.append(
                        (
                            call_id,
                            cid,
                            party_id,
                            year,
                            metropole,
                            year,
                            numbers[year],
                            issue,
                            due,
                            amount,
                            None,
                            amount,
                            f"Part {year} selon l'article 5.",
                            False,
                            False,
                            now,
                            None,
                        )
                    )
                    roll = rng.random()
                    if year < years[-1] or roll < 0.5:
                        payments.append(
                            (w.new_id(Payment), call_id, due, amount, f"Mandat {call_id}", False, now, None)
                        )
                    elif roll < 0.8:
                        payments.append(
                            (
                                w.new_id(Payment),
                                call_id,
                                due,
                                (amount / 2).quantize(Decimal("0.01")),
                                f"Acompte {call_id}",
                                False,
                                now,
                                None,
                            )
                        )
        for year in years:
            counters.append((w.new_id(Counter), CALL_SERIES, metropole, year, numbers[year]))
    put(
        Convention,
        [
            "id",
            "network",
            "reference",
            "title",
            "object",
            "preamble",
            "kind",
            "first_year",
            "last_year",
            "starts_on_signature",
            "start_date",
            "end_date",
            "originals_count",
            "place",
            "signature_date",
            "notification_date",
            "status",
            "rounding_unit",
            "capped_by_state_allocation",
            "payment_terms",
            "payment_delay_days",
            "source",
            "created_at",
            "updated_at",
        ],
        conventions,
    )
    put(ConventionArticle, ["id", "convention", "position", "number", "title", "body"], articles)
    put(
        ConventionStatusChange,
        [
            "id",
            "convention",
            "from_status",
            "to_status",
            "effective_date",
            "reason",
            "caused_by",
            "is_demo",
            "recorded_at",
            "recorded_by",
        ],
        changes,
    )
    put(
        ConventionParty,
        [
            "id",
            "convention",
            "organisation",
            "role",
            "position",
            "display_name",
            "signatory_name",
            "signatory_capacity",
            "approval_body",
            "approval_reference",
            "approval_date",
            "has_approved",
        ],
        parties,
    )
    put(
        FundingYear,
        [
            "id",
            "convention",
            "year",
            "total_cost",
            "shared_total",
            "key_kind",
            "count_year",
            "printed_total_cost",
            "printed_shared_total",
            "computed_at",
        ],
        fyears,
    )
    put(
        BudgetLine,
        [
            "id",
            "convention",
            "year",
            "action_kind",
            "label",
            "position",
            "planned_amount",
            "printed_amount",
            "actual_amount",
        ],
        lines,
    )
    put(
        FundingShare,
        [
            "id",
            "funding_year",
            "party",
            "kind",
            "fixed_amount",
            "key_percent",
            "key_count",
            "amount",
            "printed_amount",
            "printed_percent",
        ],
        shares,
    )
    put(
        CallForFunds,
        [
            "id",
            "convention",
            "party",
            "year",
            "issuer",
            "number_year",
            "number",
            "issue_date",
            "due_date",
            "share_amount",
            "state_allocation",
            "amount",
            "basis",
            "cancelled",
            "is_demo",
            "created_at",
            "created_by",
        ],
        calls,
    )
    put(Payment, ["id", "call", "paid_on", "amount", "reference", "is_demo", "recorded_at", "recorded_by"], payments)
    put(Counter, ["id", "series", "owner_id", "year", "last_number"], counters)
    log(f"  financement : {len(conventions)} conventions, {len(calls)} appels de fonds, {len(payments)} paiements")
    del articles, lines, shares, calls, payments

    # Governance: bodies of the first CCAS (and the métropole's council), sittings, items, attendance.
    bodies, members, dcounters = [], [], []
    body_plan = []  # (body id, network, CCAS number or 0, member ids)
    for n in range(1, scale.networks + 1):
        for b in range(scale.bodies):
            key = "metropole" if b == scale.bodies - 1 and scale.bodies > 1 else f"ccas{b + 1}"
            bid = w.new_id(Body)
            kind = "metropolitan_council" if key == "metropole" else "ccas_board"
            bodies.append(
                (
                    bid,
                    org_ids[(n, key)],
                    kind,
                    f"Conseil {key} {n:03d}",
                    f"Émetteur {key} {n:03d}",
                    "Conseil d'Administration",
                    f"b{n:03d}-{key}",
                    "Préfecture : 1\nRegistre : 1",
                    1,
                    2,
                    1,
                    True,
                    3,
                    True,
                    3,
                )
            )
            ids = []
            for m in range(1, scale.members + 1):
                mid = w.new_id(Member)
                ids.append(mid)
                members.append(
                    (
                        mid,
                        bid,
                        "Mme" if m % 2 else "M.",
                        FIRST_NAMES[m % 10],
                        f"{LAST_NAMES[m % 10]}{m}",
                        "membre élu",
                        m,
                        datetime.date(2014, 1, 1),
                        None,
                    )
                )
            body_plan.append((bid, n, 0 if key == "metropole" else b + 1, ids))
    put(
        Body,
        [
            "id",
            "organisation",
            "kind",
            "name",
            "issuer_name",
            "register_name",
            "code",
            "default_recipients",
            "quorum_numerator",
            "quorum_denominator",
            "max_proxies_per_holder",
            "casting_vote",
            "convocation_clear_days",
            "second_convocation_without_quorum",
            "second_convocation_clear_days",
        ],
        bodies,
    )
    put(
        Member,
        ["id", "body", "civility", "first_name", "last_name", "quality", "rank", "mandate_start", "mandate_end"],
        members,
    )

    sittings, items, delibs = [], [], []
    statuses = ["present"] * 18 + ["excused", "absent"]

    def attendance_rows():
        for item_id, member_ids in attendance_plan:
            for mid in member_ids:
                yield (item_id, mid, statuses[(item_id + mid) % 20], None)

    attendance_plan = []
    for bid, n, ccas, member_ids in body_plan:
        for year in years:
            number = 0
            for s in range(scale.sittings_per_year):
                sid = w.new_id(Sitting)
                day = datetime.date(year, 1 + s, 10 + (bid % 15))
                sittings.append(
                    (
                        sid,
                        bid,
                        day,
                        datetime.time(18, 0),
                        "Salle du conseil",
                        day - datetime.timedelta(days=7),
                        False,
                        member_ids[0],
                        member_ids[1],
                        len(member_ids),
                    )
                )
                for i in range(1, scale.items_per_sitting + 1):
                    item_id = w.new_id(AgendaItem)
                    linked = (
                        ccas and year == years[0] and i == 1 and s < scale.conventions and ccas <= scale.paying_parties
                    )
                    convention_id = convention_ids_of[n][s] if linked else None
                    subject = f"Approbation de la convention CPO-{n:03d}-{s + 1:02d}" if linked else f"Point {i}"
                    items.append((item_id, sid, i, subject, "", False))
                    attendance_plan.append((item_id, member_ids))
                    number += 1
                    present = sum(1 for mid in member_ids if statuses[(item_id + mid) % 20] == "present")
                    recent = day > today - datetime.timedelta(days=60)
                    delibs.append(
                        (
                            w.new_id(Deliberation),
                            bid,
                            item_id,
                            year,
                            number,
                            subject,
                            "Le conseil, après en avoir délibéré, adopte le point.",
                            "unanimous",
                            present,
                            0,
                            0,
                            present,
                            0,
                            False,
                            "adopted",
                            "Préfecture : 1",
                            convention_id,
                            party_of[(convention_id, ccas)] if linked else None,
                            None if recent else day + datetime.timedelta(days=3),
                            None if recent else day + datetime.timedelta(days=5),
                            now,
                        )
                    )
            dcounters.append((w.new_id(Counter), DELIBERATION_SERIES, bid, year, number))
    put(
        Sitting,
        [
            "id",
            "body",
            "date",
            "starts_at",
            "place",
            "convened_on",
            "second_convocation",
            "president",
            "secretary",
            "members_in_office",
        ],
        sittings,
    )
    put(AgendaItem, ["id", "sitting", "position", "subject", "draft_text", "secret_ballot"], items)
    log(f"  instances : {len(bodies)} instances, {len(sittings)} séances, {len(items)} points")
    w.write(Attendance, ["item", "member", "status", "represented_by"], attendance_rows())
    counts["Attendance"] = sum(len(m) for _, m in attendance_plan)
    log(f"  présences : {counts['Attendance']}")
    put(
        Deliberation,
        [
            "id",
            "body",
            "item",
            "year",
            "number",
            "subject",
            "text",
            "vote_mode",
            "votes_for",
            "votes_against",
            "abstentions",
            "present_count",
            "represented_count",
            "casting_vote_used",
            "outcome",
            "recipients",
            "convention",
            "convention_party",
            "transmitted_on",
            "published_on",
            "created_at",
        ],
        delibs,
    )
    put(Counter, ["id", "series", "owner_id", "year", "last_number"], dcounters)

    # The benchmark's users: one per role in network 1 (no password: the benchmark opens their sessions).
    users, memberships = [], []
    for username, (role, key) in ROLE_USERS.items():
        uid = w.new_id(User)
        users.append((uid, BENCH_PASSWORD_UNUSABLE, False, username, "", "", "", False, True, now, False))
        memberships.append((w.new_id(Membership), uid, org_ids[(1, key)], role, True, now))
    put(
        User,
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "is_demo",
        ],
        users,
    )
    put(Membership, ["id", "user", "organisation", "role", "is_active", "created_at"], memberships)

    from . import children

    numbered = []  # (programme id, network number, programme number in its network)
    for programme in programmes:
        numbered.append((programme[0], programme[1], sum(1 for _, n, _ in numbered if n == programme[1]) + 1))
    context = SimpleNamespace(
        w=w,
        put=put,
        rng=rng,
        scale=scale,
        now=now,
        today=today,
        years=years,
        log=log,
        org_ids=org_ids,
        network_ids=[network_id for network_id, _ in networks],
        network_id_of={network_id: network_id for network_id, _ in networks},  # network n has id n
        communes=[(c[0], c[1]) for c in communes],
        quartier_of_commune={q[1]: q[0] for q in quartiers},
        commune_of_programme={p[0]: p[2] for p in programmes},
        programmes=numbered,
        first_programme=programmes[0][0],
        user_ids={role: uid for (_, uid, _, role, _, _) in memberships},
    )
    children.generate(context)
    w.reset_sequences()
    for user in User.objects.filter(username__in=second_factor_users()):
        TOTPDevice.objects.create(user=user, name="Banc d'essai", key=BENCH_TOTP_KEY, confirmed=True)
    return counts


def ensure_world(scale: Scale, log=print) -> bool:
    """Generate the world unless the database already holds this scale. Returns True when generated."""
    if holds(scale):
        return False
    from reussite.territory.models import Network

    other = [s.name for s in SCALES.values() if s != scale and Network.objects.filter(name=marker_name(s)).exists()]
    if other and os.environ.get("REUSSITE_BENCH_REPLACE") != "1":
        # A national world takes minutes to generate: a command run at the wrong scale (or with the
        # wrong DATABASE_URL) must not replace it silently.
        raise SystemExit(
            f"Cette base contient le monde « {other[0]} » du banc d'essai, pas « {scale.name} » : donnez "
            "une autre base (DATABASE_URL), ou REUSSITE_BENCH_REPLACE=1 pour le remplacer."
        )
    if not only_bench_data():
        raise SystemExit(
            "Cette base contient d'autres données que celles du banc d'essai : donnez une base dédiée "
            "(DATABASE_URL=postgres://…/reussite_bench_national)."
        )
    with transaction.atomic():
        counts = generate(scale, log)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does to a production database after the load:
            # statistics for the planner, and a visibility map without which no index-only scan is possible
            cursor.execute("VACUUM (ANALYZE)")
    log("  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return True
