"""The children's domains of the benchmark's world: parcours, EPS, psychologists' care, coordination events.

Called by ``world.generate`` once the territory exists, with the same writer (COPY on PostgreSQL).
Volumes follow the issue: about 85 000 children a year nationally, i.e. about 160 followed per
programme at any time (``Scale.referrals_per_programme_year`` new referrals a year, parcours of one
to two and a half years); a référent follows about forty children; one child in seven is referred to
a psychologist for about ten sessions; the métropole runs about four events a month with fifteen
invited professionals each.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from reussite.parcours.demo import EXIT_REASONS
from reussite.parcours.demo import REASONS as REFERRAL_REASONS
from reussite.parcours.identity import CODE_ALPHABET

D = datetime.date
SOURCES = ["school"] * 5 + ["pmi", "cmp", "social", "social", "ase", "family", "family", "other"]
SESSION_RATE = Decimal("50.00")  # € a session (an assumption of the benchmark, as in the demo)
EVENT_KINDS = ["echange-de-pratiques", "information", "formation", "analyse-de-la-pratique", "analyse-de-parcours"]
PAID_KINDS = {"formation", "analyse-de-la-pratique"}
FOLLOW_UP, SCHOOL, PSY = "follow_up", "school_exchange", "psychologist"


def child_code(number: int) -> str:
    """``E-`` + 8 characters of the code alphabet, distinct per number (deterministic, like the seed)."""
    digits, value = [], number * 2654435761 % (32**8)  # a bijection of the 8-digit space: looks random
    for _ in range(8):
        value, digit = divmod(value, 32)
        digits.append(CODE_ALPHABET[digit])
    return "E-" + "".join(digits)


def _normalize(text: str) -> str:
    from reussite.parcours.identity import normalize

    return normalize(text)


def _level(age: int) -> str:
    for limit, level in ((3, "none"), (6, "maternelle"), (11, "elementaire"), (15, "college")):
        if age < limit:
            return level
    return "lycee"


def _meeting_after(meeting_of: dict[tuple[int, int], int], day: D) -> int | None:
    """The first EPS meeting (held on the 12th) on or after ``day``, within three months."""
    for months in range(0, 4):
        probe = _add_months(D(day.year, day.month, 1), months)
        if (probe.year, probe.month) in meeting_of and D(probe.year, probe.month, 12) >= day:
            return meeting_of[(probe.year, probe.month)]
    return None


def _add_months(day: D, months: int) -> D:
    month = day.month - 1 + months
    return D(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def generate(ctx) -> None:
    """Write the children's domains. ``ctx`` carries the writer, the random generator and the ids of
    the territory (see world.generate)."""
    from reussite.accounts.models import Membership, User
    from reussite.care.models import (
        CareInvoice,
        CareInvoiceLine,
        CareRate,
        CareReferral,
        CareSession,
        HourAllocation,
        HourBudget,
        Psychologist,
        SessionCap,
    )
    from reussite.coordination.models import Event, EventCost, EventKind, Feedback, Invitation
    from reussite.parcours.models import (
        Child,
        Consent,
        EpsAgendaItem,
        EpsMeeting,
        EpsMember,
        ExitReason,
        Guardian,
        Household,
        Referral,
        ReferralReason,
        School,
    )

    from .world import FIRST_NAMES, LAST_NAMES

    w, put, rng, scale, now, today = ctx.w, ctx.put, ctx.rng, ctx.scale, ctx.now, ctx.today
    # The children's years end today, like the funding's (bench/world.py): at every scale some children are
    # in parcours now, so that the pages list the same kinds of rows at demo and at national scale.
    years = list(range(today.year - scale.years + 1, today.year + 1))
    per_year = scale.referrals_per_programme_year
    if not per_year:
        return

    # Référents: the benchmark's own follows ~40 children of programme 1 of network 1; every programme
    # has two more who cannot sign in (≈ 1 000 nationally for 530 programmes).
    users, memberships = [], []
    referents_of: dict[int, list[int]] = {}
    for pid, network_number, p in ctx.programmes:
        ids = []
        for k in (1, 2):
            uid = w.new_id(User)
            ids.append(uid)
            users.append((uid, "!bench", False, f"ref.{pid}.{k}", "Référent", f"{k}", "", False, True, now, False))
            memberships.append(
                (w.new_id(Membership), uid, ctx.org_ids[(network_number, f"ccas{p}")], "referent", True, now)
            )
        referents_of[pid] = ids
    put(
        User,
        ["id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active"]
        + ["date_joined", "is_demo"],
        users,
    )
    put(Membership, ["id", "user", "organisation", "role", "is_active", "created_at"], memberships)
    bench_referent = ctx.user_ids["referent"]
    coordinator = ctx.user_ids["programme_coordinator"]
    metropole_user = ctx.user_ids["metropole_coordinator"]

    # Referential per network: referral and exit reasons, schools per commune.
    reasons, exits, schools = [], [], []
    reason_ids: dict[int, list[int]] = {}
    exit_ids: dict[int, list[int]] = {}
    schools_of: dict[int, list[tuple[int, str]]] = {}
    for network_id in ctx.network_ids:
        for label in REFERRAL_REASONS:
            rid = w.new_id(ReferralReason)
            reason_ids.setdefault(network_id, []).append(rid)
            reasons.append((rid, network_id, label, True))
        for label in EXIT_REASONS:
            eid = w.new_id(ExitReason)
            exit_ids.setdefault(network_id, []).append(eid)
            exits.append((eid, network_id, label, True))
    for commune_id, network_id in ctx.communes:
        for k, priority in enumerate(("rep_plus", "rep", "rep", "")):
            sid = w.new_id(School)
            schools_of.setdefault(commune_id, []).append((sid, priority))
            kind = "Collège" if k == 2 else "École élémentaire"
            schools.append((sid, network_id, commune_id, f"{kind} n° {k + 1} de la commune {commune_id}", "", priority))
    put(ReferralReason, ["id", "network", "label", "is_active"], reasons)
    put(ExitReason, ["id", "network", "label", "is_active"], exits)
    put(School, ["id", "network", "commune", "name", "uai", "priority"], schools)

    # Children, households, guardians, referrals, consents; EPS members, meetings and agenda items;
    # psychologists' referrals and sessions.
    households, guardians, children, referrals, referral_reasons, consents = ([] for _ in range(6))
    eps_members, meetings, items = [], [], []
    psychologists, psy_programmes, rates, caps, budgets, allocations = ([] for _ in range(6))
    care_referrals, sessions = [], []
    psychologists_of: dict[int, list[int]] = {}
    psy_user: dict[int, int] = {}
    allocation_of: dict[tuple[int, int], int] = {}
    programmes_of_network: dict[int, list[tuple[int, int, int]]] = {}
    for pid, network_number, p in ctx.programmes:
        programmes_of_network.setdefault(network_number, []).append((pid, network_number, p))

    # Care: a rate, a cap, five psychologists per network, a budget per year split over programmes.
    for network_number, network_programmes in programmes_of_network.items():
        network_id = ctx.network_id_of[network_number]
        rate_id = w.new_id(CareRate)
        rates.append((rate_id, network_id, D(years[0], 1, 1), "session", SESSION_RATE, 60, True, "Hypothèse du banc"))
        caps.append((w.new_id(SessionCap), network_id, D(years[0], 1, 1), 20))
        ids = []
        for k in range(1, 6):
            psy_id = w.new_id(Psychologist)
            ids.append(psy_id)
            user = ctx.user_ids["psychologist"] if (network_number == 1 and k == 1) else None
            psy_user[psy_id] = user
            organisation = ctx.org_ids[(network_number, f"provider{k}")]
            psychologists.append(
                (psy_id, network_id, organisation, user, f"Psychologue {k} du réseau {network_number:03d}")
                + (f"{10000000000 + psy_id:011d}", "", D(years[0], 1, 1), None, False)
            )
        psychologists_of[network_number] = ids
        for index, (pid, _, _) in enumerate(network_programmes):
            # Each programme is served by two psychologists (programme 1 by the benchmark's).
            for psy_id in {ids[index % 5], ids[(index + 1) % 5]}:
                psy_programmes.append((psy_id, pid))
        for year in years:
            budget_id = w.new_id(HourBudget)
            hours_each = Decimal(per_year * 2)
            total = hours_each * len(network_programmes)
            budgets.append(
                (budget_id, network_id, year, total * SESSION_RATE, None, rate_id, Decimal("0.5"), total, now)
            )
            for pid, _, _ in network_programmes:
                aid = w.new_id(HourAllocation)
                allocation_of[(pid, year)] = aid
                allocations.append((aid, budget_id, pid, Decimal(100), hours_each, hours_each))

    servers_of: dict[int, list[int]] = {}
    for psy_id, pid in psy_programmes:
        servers_of.setdefault(pid, []).append(psy_id)
    child_number = 0
    for pid, network_number, p in ctx.programmes:
        network_id = ctx.network_id_of[network_number]
        commune_id = ctx.commune_of_programme[pid]
        quartier_id = ctx.quartier_of_commune[commune_id]
        school_ids = schools_of[commune_id]
        referents = referents_of[pid]
        own_caseload = pid == ctx.first_programme
        bench_caseload = 0
        # EPS: eight members, a meeting a month but July and August.
        for m in range(8):
            eps_members.append(
                (w.new_id(EpsMember), pid, f"{FIRST_NAMES[m]} {LAST_NAMES[(m + p) % 10]}", f"Partenaire {m + 1}")
                + ("Assistant·e social·e", D(years[0], 1, 5), D(years[0], 1, 5), None)
            )
        meeting_of: dict[tuple[int, int], int] = {}
        for year in years:
            for month in (1, 2, 3, 4, 5, 6, 9, 10, 11, 12):
                day = D(year, month, 12)
                if day > today:
                    continue
                mid = w.new_id(EpsMeeting)
                meeting_of[(year, month)] = mid
                meetings.append((mid, pid, day, "Salle de réunion du CCAS", "Relevé des décisions.", coordinator))

        household_id = None
        for year in years:
            for k in range(per_year):
                referred_on = D(year, 1, 1) + datetime.timedelta(days=(k * 365) // per_year)
                if referred_on > today:
                    break
                child_number += 1
                if household_id is None or rng.random() > 0.2:  # one child in five has a sibling followed
                    household_id = w.new_id(Household)
                    households.append(
                        (household_id, pid, f"{child_number} allée des Tilleuls", "21000", "Ville", quartier_id)
                        + (rng.choice(["Couple, 2 enfants", "Mère seule, 3 enfants", "Couple, 4 enfants", ""]),)
                    )
                    last_name = f"{LAST_NAMES[child_number % 10]}{child_number}"
                    holders = []
                    for relationship in ("mother", "father") if rng.random() < 0.6 else ("mother",):
                        gid = w.new_id(Guardian)
                        holders.append(gid)
                        first = FIRST_NAMES[(child_number + len(holders)) % 10]
                        guardians.append((gid, household_id, first, last_name, relationship, True, "0600000000"))
                age = rng.randint(3, 15)
                birth = referred_on - datetime.timedelta(days=age * 365 + rng.randint(30, 330))
                first_name = FIRST_NAMES[child_number % 10] + f"-{child_number % 97}"
                eligible = rng.random() > 0.08
                status, entered, exited, exit_reason = "ineligible", None, None, None
                referent = None
                if eligible:
                    entered = referred_on + datetime.timedelta(days=rng.randint(20, 60))
                    if entered > today:
                        status, entered = "referred", None
                    else:
                        status = "active"
                        months = rng.randint(10, 30)
                        end = _add_months(entered, months)
                        if end <= today:
                            status, exited = "exited", end
                            exit_reason = exit_ids[network_id][rng.randrange(7)]
                        if own_caseload and status == "active" and bench_caseload < 40:
                            referent, bench_caseload = bench_referent, bench_caseload + 1
                        else:
                            referent = referents[child_number % 2]
                school_id, priority = school_ids[child_number % 4]
                cid = w.new_id(Child)
                children.append(
                    (cid, pid, household_id, child_code(child_number), first_name, last_name, birth)
                    + ("F" if child_number % 2 else "M", school_id, _level(age), referent, status, entered, exited)
                    + (exit_reason, "", f"{_normalize(last_name)}|{_normalize(first_name)}|{birth.isoformat()}")
                    + (f"{_normalize(first_name)} {_normalize(last_name)}", now)
                )
                rid = w.new_id(Referral)
                reason = "" if eligible else "Âge hors du champ du programme à la date de saisine."
                referrals.append(
                    (rid, cid, referred_on, SOURCES[child_number % len(SOURCES)], "Mme Directrice", eligible)
                    + (reason, coordinator, now)
                )
                first_reason = rng.randrange(9)
                for r in {first_reason, (first_reason + child_number % 3) % 9}:
                    referral_reasons.append((rid, reason_ids[network_id][r]))
                if entered is None:
                    continue
                referred_to_psy = rng.random() < 0.15
                purposes = json.dumps([FOLLOW_UP, SCHOOL] + ([PSY] if referred_to_psy else []))
                given = entered - datetime.timedelta(days=7)
                for gid in holders:
                    revoked = exited if exit_reason == exit_ids[network_id][3] else None
                    consents.append(
                        (w.new_id(Consent), cid, gid, given, purposes, "", "", revoked, "", coordinator, now)
                    )
                # EPS: on the agenda for the entry, a review six months later, the exit.
                steps = [(entered, "entry"), (_add_months(entered, 6), "review")]
                if exited:
                    steps.append((exited, "exit"))
                seen = set()
                for day, decision in steps:
                    meeting = _meeting_after(meeting_of, day) if day <= today else None
                    if meeting and meeting not in seen:
                        seen.add(meeting)
                        items.append((w.new_id(EpsAgendaItem), meeting, cid, decision, ""))
                if referred_to_psy:
                    referral_day = entered + datetime.timedelta(days=30)
                    allocation = allocation_of.get((pid, referral_day.year))
                    if referral_day > today or allocation is None:
                        continue
                    servers = servers_of[pid]
                    psy_id = psychologists_of[network_number][0] if own_caseload and child_number % 2 else servers[-1]
                    crid = w.new_id(CareReferral)
                    care_referrals.append(
                        (crid, cid, psy_id, allocation, Decimal("8.0"), referral_day, coordinator, now)
                    )
                    recorder = psy_user[psy_id] or coordinator
                    for s in range(rng.randint(6, 12)):
                        day = referral_day + datetime.timedelta(days=14 * (s + 1))
                        if day > today or (exited and day > exited):
                            break
                        roll = rng.random()
                        attendance = "attended" if roll < 0.85 else "missed" if roll < 0.95 else "cancelled_late"
                        with_whom = "child" if s % 4 else "parents"
                        sessions.append(
                            (w.new_id(CareSession), crid, day, 45, with_whom, attendance, recorder, now)
                            + (psy_id, child_code(child_number))
                        )

    put(Household, ["id", "programme", "address", "postal_code", "city", "quartier", "composition"], households)
    put(
        Guardian,
        ["id", "household", "first_name", "last_name", "relationship", "holds_parental_authority", "phone"],
        guardians,
    )
    put(
        Child,
        ["id", "programme", "household", "code", "first_name", "last_name", "birth_date", "sex", "school"]
        + ["school_level", "referent", "status", "entered_on", "exited_on", "exit_reason", "exit_note", "match_key"]
        + ["search_name", "created_at"],
        children,
    )
    ctx.log(f"  parcours : {len(children)} enfants, {len(households)} foyers, {len(guardians)} titulaires")
    del children
    put(
        Referral,
        ["id", "child", "date", "source", "referrer", "eligible", "ineligibility_reason", "recorded_by", "recorded_at"],
        referrals,
    )
    put(Referral.reasons.through, ["referral", "referralreason"], referral_reasons)
    put(
        Consent,
        ["id", "child", "guardian", "given_on", "purposes", "partner", "evidence", "revoked_on", "revocation_note"]
        + ["recorded_by", "recorded_at"],
        consents,
    )
    put(
        EpsMember,
        ["id", "programme", "full_name", "organisation_name", "function", "charter_signed_on", "valid_from"]
        + ["valid_until"],
        eps_members,
    )
    put(EpsMeeting, ["id", "programme", "date", "place", "minutes", "created_by"], meetings)
    put(EpsAgendaItem, ["id", "meeting", "child", "decision", "note"], items)
    ctx.log(f"  EPS : {len(meetings)} réunions, {len(items)} points ; {len(referrals)} saisines")
    del referrals, referral_reasons, consents, items

    put(
        CareRate,
        ["id", "network", "valid_from", "unit", "amount", "session_minutes", "is_assumption", "source_note"],
        rates,
    )
    put(SessionCap, ["id", "network", "valid_from", "sessions_per_child_year"], caps)
    put(
        Psychologist,
        ["id", "network", "organisation", "user", "full_name", "rpps", "adeli", "agreement_from", "agreement_until"]
        + ["is_demo"],
        psychologists,
    )
    put(Psychologist.programmes.through, ["psychologist", "programme"], sorted(set(psy_programmes)))
    put(
        HourBudget,
        ["id", "network", "year", "amount", "budget_line", "rate", "unit", "total_hours", "created_at"],
        budgets,
    )
    put(HourAllocation, ["id", "budget", "programme", "weight", "initial_hours", "hours"], allocations)
    put(
        CareReferral,
        ["id", "child", "psychologist", "allocation", "requested_hours", "referred_on", "referred_by", "created_at"],
        care_referrals,
    )

    # Invoices: one a month per psychologist with attended sessions; numbered at issue, per year.
    # Months older than three months are paid, then certified, issued, and this month's is a draft.
    invoices, lines = [], []
    invoice_of: dict[tuple[int, int, int], list] = {}
    for row in sessions:
        sid, _, day, minutes, _, attendance, _, _, psy_id, code = row
        if attendance != "attended":
            continue
        invoice_of.setdefault((psy_id, day.year, day.month), []).append((sid, code, day, minutes))
    numbers: dict[tuple[int, int], int] = {}
    for (psy_id, year, month), billed in sorted(invoice_of.items()):
        iid = w.new_id(CareInvoice)
        age = (today.year - year) * 12 + today.month - month
        total = SESSION_RATE * len(billed)
        if age <= 0:
            status, number, issued, due, certified, paid = "draft", None, None, None, None, None
        else:
            numbers[(psy_id, year)] = numbers.get((psy_id, year), 0) + 1
            number = numbers[(psy_id, year)]
            issued = _add_months(D(year, month, 3), 1)
            due = issued + datetime.timedelta(days=30)
            status = "paid" if age > 3 else "certified" if age > 1 else "issued"
            certified = issued + datetime.timedelta(days=7) if status in ("certified", "paid") else None
            paid = issued + datetime.timedelta(days=25) if status == "paid" else None
        invoices.append(
            (iid, psy_id, year, month, number, status, total, issued, due, certified)
            + (metropole_user if certified else None, paid)
        )
        for sid, code, day, minutes in billed:
            lines.append((w.new_id(CareInvoiceLine), iid, sid, code, day, minutes, SESSION_RATE))
    put(
        CareSession,
        ["id", "referral", "date", "duration_minutes", "with_whom", "attendance", "recorded_by", "created_at"],
        [row[:8] for row in sessions],
    )
    put(
        CareInvoice,
        ["id", "psychologist", "year", "month", "number", "status", "total", "issued_on", "due_on", "certified_on"]
        + ["certified_by", "paid_on"],
        invoices,
    )
    put(CareInvoiceLine, ["id", "invoice", "session", "child_code", "date", "duration_minutes", "amount"], lines)
    ctx.log(
        f"  soins : {len(care_referrals)} orientations, {len(sessions)} séances, {len(invoices)} factures, "
        f"{len(lines)} lignes"
    )
    del sessions, lines

    # Coordination: four events a month per network, fifteen invited professionals each, attendance
    # recorded for past events, satisfaction for trainings, costs for paid kinds.
    kinds = {code: EventKind.default(code).pk for code in EVENT_KINDS}
    events, audiences, invitations, feedback, costs = [], [], [], [], []
    audience_through = Event.audience_programmes.through
    for network_number, network_programmes in programmes_of_network.items():
        network_id = ctx.network_id_of[network_number]
        metropole = ctx.org_ids[(network_number, "metropole")]
        for year in years:
            for month in range(1, 13):
                for week in range(4):
                    code = EVENT_KINDS[(month + week) % 5]
                    day = D(year, month, 3 + 7 * week)
                    eid = w.new_id(Event)
                    provider = ctx.org_ids[(network_number, f"provider{week + 1}")] if code in PAID_KINDS else None
                    events.append(
                        (eid, network_id, kinds[code], f"{code.replace('-', ' ').capitalize()} {month}/{year}", day)
                        + (datetime.time(9, 30), datetime.time(12, 0), "Salle du conseil", "", metropole, provider)
                        + ("", "Tour de table.", "", False, now)
                    )
                    for pid, _, _ in network_programmes:
                        audiences.append((eid, pid))
                    past = day < today
                    for i in range(15):
                        pid, _, p = network_programmes[i % len(network_programmes)]
                        reply = "yes" if i % 5 else "no"
                        attended = (reply == "yes" and i % 7 != 0) if past else None
                        inv = w.new_id(Invitation)
                        invitations.append(
                            (inv, eid, None, f"Professionnel·le {i}", f"pro{i}.{network_number}@exemple.fr")
                            + (ctx.org_ids[(network_number, f"ccas{p}")], pid, reply, now, attended, now)
                        )
                        if attended and code in PAID_KINDS and i % 2:
                            feedback.append((w.new_id(Feedback), inv, 3 + i % 3, "", now))
                    if provider:
                        costs.append(
                            (w.new_id(EventCost), eid, provider, "session", Decimal(1), Decimal(600), Decimal(600))
                            + (f"F-{eid}", day + datetime.timedelta(days=30) if past else None, False)
                        )
    put(
        Event,
        ["id", "network", "kind", "title", "date", "start_time", "end_time", "place", "video_link", "organiser"]
        + ["provider", "speaker", "agenda", "minutes", "is_demo", "created_at"],
        events,
    )
    put(audience_through, ["event", "programme"], audiences)
    put(
        Invitation,
        ["id", "event", "user", "full_name", "email", "organisation", "programme", "reply", "replied_at"]
        + ["attended", "sent_at"],
        invitations,
    )
    put(Feedback, ["id", "invitation", "score", "comment", "created_at"], feedback)
    put(
        EventCost,
        ["id", "event", "provider", "unit", "quantity", "rate", "amount", "invoice_reference", "paid_on", "is_demo"],
        costs,
    )
    ctx.log(f"  coordination : {len(events)} événements, {len(invitations)} invitations")
