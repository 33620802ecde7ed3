"""Import of a ``reussite.convention/1`` document: refused whole, or created through the same services
as the pages.

Order: the file is read and checked against the schema (:mod:`.schema`); what the schema cannot say
(organisations and action codes known in the importer's networks, parties declared once, years within
the period) is checked next, every problem at once. Then, in one transaction, the convention is created
as a draft by :func:`services.create_convention`, each year's funding is stored and split by
:func:`services.save_funding_year` (the split of the funding page), the consistency checks of the
page's panel (:func:`services.panel_for`) must hold, and the status history is replayed through
:func:`services.change_status`. A service's refusal is reported on the JSON path of what it refuses,
with the service's own words; nothing is written then.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope, scoped
from reussite.core.date_bounds import date_rule
from reussite.core.errors import error_items
from reussite.core.formatting import format_eur
from reussite.territory.models import Organisation

from .. import computations as comp
from .. import services
from ..computations import Verdict
from ..models import (
    ActionKind,
    BudgetLine,
    Convention,
    ConventionArticle,
    ConventionParty,
    FundingShare,
    FundingYear,
    StateAllocation,
    StateConvention,
)
from .schema import CONVENTION_DEFAULTS, PARTY_DEFAULTS, ImportIssue, ImportRefused, parse, validate_schema

IMPORT_ROLES = (Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER)

# The consistency checks of the funding page's panel that a file must pass, and the field each is about
# (the printed figures are kept as printed and not checked).
PANEL_CHECKS = {
    "Les lignes font le coût": "total_cost",
    "Les parts font le montant réparti": "shared_total",
    "Le financement couvre le coût": "total_cost",
}


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _day(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def _eur(value: Decimal | None) -> str:
    return "à définir" if value is None else format_eur(value)


class _Checker:
    """Collects the semantic problems of a schema-valid document."""

    def __init__(self, user, data: dict):
        self.user = user
        self.data = data
        self.issues: list[ImportIssue] = []
        self.organisations: dict[int, Organisation] = {}  # party index -> organisation
        self.party_index: dict[str, int] = {}  # short name -> party index
        self.action_kinds: dict[str, ActionKind] = {}
        self.network_id: int | None = None

    def add(self, path: str, message: str):
        self.issues.append(ImportIssue(path, message))

    def run(self):
        self.convention()
        self.parties()
        self.years()
        self.history()
        return self.issues

    def convention(self):
        c = self.data["convention"]
        if c["last_year"] < c["first_year"]:
            self.add("convention.last_year", f"{c['last_year']} précède la première année {c['first_year']}.")
        if not c.get("starts_on_signature", True) and c.get("start_date") is None:
            self.add(
                "convention.start_date",
                "obligatoire quand la convention ne s'applique pas à compter de sa signature "
                "(starts_on_signature : false).",
            )
        start, end = c.get("start_date"), c["end_date"]
        if start and start > end:
            self.add("convention.end_date", f"la date de fin {end} précède la date de début {start}.")
        # Dates that make sense: signed and notified once it happened, in order, after the approvals.
        signature, notification = _day(c.get("signature_date")), _day(c.get("notification_date"))
        for name, value in (("signature_date", signature), ("notification_date", notification)):
            if rule := date_rule(value):
                self.add(f"convention.{name}", rule)
        approvals = []
        for i, p in enumerate(self.data["parties"]):
            approved = _day(p.get("approval_date"))
            approvals.append((p["organisation"], approved))
            if rule := date_rule(approved):
                self.add(f"parties[{i}].approval_date", rule)
        for name, rule in comp.convention_date_problems(signature, notification, approvals).items():
            self.add(f"convention.{name}", rule)

    def parties(self):
        scope = get_scope(self.user)
        networks = scope.metropole_network_ids_for(*IMPORT_ROLES)
        entries = self.data["parties"]
        names = {p["organisation"] for p in entries}
        sirets = {p["siret"] for p in entries if p.get("siret")}
        candidates = list(
            scoped(self.user, Organisation).filter(network_id__in=networks).filter(short_name__in=names)
        ) + list(scoped(self.user, Organisation).filter(network_id__in=networks, siret__in=sirets))
        by_name = {o.short_name: o for o in candidates}
        by_siret: dict[str, list[Organisation]] = {}
        for org in {o.pk: o for o in candidates}.values():
            if org.siret:
                by_siret.setdefault(org.siret, []).append(org)
        seen: dict[int, int] = {}
        for i, entry in enumerate(entries):
            path = f"parties[{i}]"
            name, siret = entry["organisation"], entry.get("siret")
            org = by_name.get(name)
            if org is None and siret and len(by_siret.get(siret, [])) == 1:
                org = by_siret[siret][0]
            if org is None:
                if siret:
                    self.add(f"{path}.organisation", f"organisation inconnue « {name} » (SIRET {siret} inconnu aussi).")
                else:
                    self.add(f"{path}.organisation", f"organisation inconnue « {name} ».")
                continue
            if siret and org.siret != siret:
                recorded = f"SIRET enregistré : {org.siret}" if org.siret else "aucun SIRET enregistré"
                self.add(f"{path}.siret", f"SIRET {siret} ne correspond pas à l'organisation « {name} » ({recorded}).")
                continue
            if org.pk in seen:
                self.add(f"{path}.organisation", f"organisation « {name} » déjà déclarée en parties[{seen[org.pk]}].")
                continue
            seen[org.pk] = i
            self.organisations[i] = org
            self.party_index[name] = i
            self.party_index.setdefault(org.short_name, i)
            c = self.data["convention"]
            years = Counter(a["year"] for a in entry.get("state_allocations", []))
            for j, allocation in enumerate(entry.get("state_allocations", [])):
                if years[allocation["year"]] > 1:
                    self.add(f"{path}.state_allocations[{j}].year", f"année {allocation['year']} en double.")
                elif not c["first_year"] <= allocation["year"] <= c["last_year"]:
                    self.add(
                        f"{path}.state_allocations[{j}].year",
                        f"{allocation['year']} hors de la période de la convention "
                        f"({c['first_year']}-{c['last_year']}).",
                    )
        network_ids = {o.network_id for o in self.organisations.values()}
        if len(network_ids) > 1:
            first = min(self.organisations)
            for i, org in sorted(self.organisations.items()):
                if org.network_id != self.organisations[first].network_id:
                    self.add(
                        f"parties[{i}].organisation",
                        f"« {org.short_name} » n'est pas du même réseau que "
                        f"« {self.organisations[first].short_name} ».",
                    )
        elif network_ids:
            self.network_id = network_ids.pop()
            reference = self.data["convention"]["reference"]
            if Convention.objects.filter(network_id=self.network_id, reference=reference).exists():
                self.add("convention.reference", f"une convention « {reference} » existe déjà dans le réseau.")

    def _party(self, path: str, name: str) -> int | None:
        index = self.party_index.get(name)
        if index is None:
            declared = {p["organisation"] for p in self.data["parties"]}
            if name in declared:
                return None  # already reported on the party itself
            self.add(path, f"partie « {name} » non déclarée dans « parties ».")
        return index

    def years(self):
        c = self.data["convention"]
        entries = self.data.get("years", [])
        codes = {li["action"] for y in entries for li in y.get("budget_lines", [])}
        self.action_kinds = {k.code: k for k in scoped(self.user, ActionKind).filter(code__in=codes)}
        counts = Counter(y["year"] for y in entries)
        for i, entry in enumerate(entries):
            path = f"years[{i}]"
            year = entry["year"]
            if counts[year] > 1:
                self.add(f"{path}.year", f"année {year} en double.")
            if not c["first_year"] <= year <= c["last_year"]:
                self.add(
                    f"{path}.year", f"{year} hors de la période de la convention ({c['first_year']}-{c['last_year']})."
                )
            lines = entry.get("budget_lines", [])
            kinds = Counter(li["action"] for li in lines)
            for j, line in enumerate(lines):
                if line["action"] not in self.action_kinds:
                    known = ", ".join(sorted(ActionKind.objects.values_list("code", flat=True)))
                    self.add(
                        f"{path}.budget_lines[{j}].action",
                        f"type d'action inconnu « {line['action']} » (types connus : {known}).",
                    )
                elif kinds[line["action"]] > 1:
                    self.add(f"{path}.budget_lines[{j}].action", f"action « {line['action']} » en double pour {year}.")
            funding = entry.get("funding")
            if funding is not None:
                self.shares(f"{path}.funding", year, funding)

    def shares(self, path, year, funding):
        """Who the shares belong to; their amounts are the split's business (at creation)."""
        seen = Counter(s["party"] for s in funding["shares"])
        for k, share in enumerate(funding["shares"]):
            spath = f"{path}.shares[{k}]"
            index = self._party(f"{spath}.party", share["party"])
            if seen[share["party"]] > 1:
                self.add(f"{spath}.party", f"partie « {share['party']} » en double pour {year}.")
            if index is not None and share["kind"] == FundingShare.Kind.KEY:
                role = self.data["parties"][index]["role"]
                if role != ConventionParty.Role.PAYING:
                    self.add(f"{spath}.kind", f"seule une partie versante a une part de la clé ; « {share['party']} » "
                             "est coordinateur (utiliser « contribution »).")  # fmt: skip

    def history(self):
        """The status the file declares is where its history leads (the transitions are the services')."""
        history = self.data.get("history", [])
        for i, entry in enumerate(history):
            path = f"history[{i}]"
            cause = entry.get("caused_by")
            if cause:
                index = self._party(f"{path}.caused_by.party", cause["party"])
                if index is not None:
                    count = len(self.data["parties"][index].get("state_conventions", []))
                    if cause.get("state_convention", 0) >= count:
                        self.add(
                            f"{path}.caused_by.state_convention",
                            f"la partie « {cause['party']} » déclare {count} convention(s) avec l'État.",
                        )
        status = history[-1]["to"] if history else Convention.Status.DRAFT.value
        declared = self.data["convention"].get("status", CONVENTION_DEFAULTS["status"])
        if declared != status:
            self.add(
                "convention.status",
                f"« {declared} » ne correspond pas à l'historique, qui mène à « {status} ».",
            )


def _issues(error: ValidationError, path: str) -> list[ImportIssue]:
    """A service's refusal on the JSON path of the object it refuses (``path.field`` when it names one
    that the file has)."""
    return [ImportIssue(f"{path}.{field}" if field else path, message) for field, message in error_items(error)]


def _full_clean(obj, path: str, exclude=()):
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        raise ImportRefused(_issues(error, path)) from error


def can_import(user) -> bool:
    return bool(get_scope(user).metropole_network_ids_for(*IMPORT_ROLES))


def import_convention(user, raw: bytes | str | dict) -> Convention:
    """Create the convention the file describes in the user's network, or refuse it whole.

    Raises :class:`ImportRefused` with every problem found; nothing is written then.
    """
    data = raw if isinstance(raw, dict) else parse(raw)
    validate_schema(data)
    checker = _Checker(user, data)
    issues = checker.run()
    if issues:
        raise ImportRefused(issues)
    try:
        with transaction.atomic():
            return _create(user, data, checker)
    except IntegrityError as error:  # a concurrent import took the reference in between
        reference = data["convention"]["reference"]
        raise ImportRefused(
            [ImportIssue("convention.reference", f"une convention « {reference} » existe déjà dans le réseau.")]
        ) from error


def _create(user, data: dict, checker: _Checker) -> Convention:
    c = {**CONVENTION_DEFAULTS, **data["convention"]}
    convention = Convention(
        network_id=checker.network_id,
        reference=c["reference"],
        title=c["title"],
        object=c["object"],
        preamble=c["preamble"],
        kind=c["kind"],
        first_year=c["first_year"],
        last_year=c["last_year"],
        starts_on_signature=c["starts_on_signature"],
        start_date=_day(c["start_date"]),
        end_date=_day(c["end_date"]),
        originals_count=c["originals_count"],
        place=c["place"],
        signature_date=_day(c["signature_date"]),
        notification_date=_day(c["notification_date"]),
        status=Convention.Status.DRAFT,
        rounding_unit=c["rounding_unit"],
        capped_by_state_allocation=c["capped_by_state_allocation"],
        payment_terms=c["payment_terms"],
        payment_delay_days=c["payment_delay_days"],
    )
    _full_clean(convention, "convention", exclude=["network"])
    history = list(enumerate(data.get("history", [])))
    creation = history.pop(0)[1] if history and history[0][1]["to"] == Convention.Status.DRAFT else None
    services.create_convention(
        convention,
        by=user,
        on=_day(creation["effective_date"]) if creation else None,
        reason=creation.get("reason", "") if creation else services.CREATION_REASON,
        is_demo=creation.get("is_demo", False) if creation else False,
        record_creation=creation is not None,
    )
    parties, state_conventions = _create_parties(convention, data, checker)
    ConventionArticle.objects.bulk_create(
        [
            ConventionArticle(
                convention=convention, position=k + 1, number=a["number"], title=a["title"], body=a.get("body", "")
            )
            for k, a in enumerate(data.get("articles", []))
        ]
    )
    issues = []
    for i, entry in enumerate(data.get("years", [])):
        issues += _create_year(convention, f"years[{i}]", entry, checker, parties)
    if issues:
        raise ImportRefused(issues)
    for i, entry in history:
        cause = entry.get("caused_by")
        caused_by = state_conventions.get((cause["party"], cause.get("state_convention", 0))) if cause else None
        try:
            services.change_status(
                convention,
                entry["to"],
                on=_day(entry["effective_date"]),
                by=user,
                reason=entry.get("reason", ""),
                caused_by=caused_by,
                is_demo=entry.get("is_demo", False),
            )
        except ValidationError as error:
            raise ImportRefused([ImportIssue(f"history[{i}].to", m) for _, m in error_items(error)]) from error
    convention.refresh_from_db()
    return convention


def _create_parties(convention, data, checker):
    parties: dict[str, ConventionParty] = {}
    state_conventions: dict[tuple[str, int], StateConvention] = {}
    for i, entry in enumerate(data["parties"]):
        p = {**PARTY_DEFAULTS, **entry}
        party = ConventionParty(
            convention=convention,
            organisation=checker.organisations[i],
            role=p["role"],
            position=i + 1,
            display_name=p["display_name"],
            signatory_name=p["signatory_name"],
            signatory_capacity=p["signatory_capacity"],
            approval_body=p["approval_body"],
            approval_reference=p["approval_reference"],
            approval_date=_day(p["approval_date"]),
            has_approved=p["has_approved"],
        )
        _full_clean(party, f"parties[{i}]", exclude=["convention", "organisation"])
        party.save()
        parties[p["organisation"]] = party
        for j, s in enumerate(p["state_conventions"]):
            state = StateConvention(
                party=party,
                reference=s.get("reference", ""),
                start_date=_day(s.get("start_date")),
                end_date=_day(s.get("end_date")),
                status=s["status"],
            )
            _full_clean(state, f"parties[{i}].state_conventions[{j}]", exclude=["party"])
            state.save()
            state_conventions[(p["organisation"], j)] = state
        for j, a in enumerate(p["state_allocations"]):
            allocation = StateAllocation(party=party, year=a["year"], amount=Decimal(a["amount"]))
            _full_clean(allocation, f"parties[{i}].state_allocations[{j}]", exclude=["party"])
            allocation.save()
    return parties, state_conventions


def _create_year(convention, path, entry, checker, parties) -> list[ImportIssue]:
    year = entry["year"]
    lines = []
    for k, li in enumerate(entry.get("budget_lines", [])):
        line = BudgetLine(
            convention=convention,
            year=year,
            action_kind=checker.action_kinds[li["action"]],
            label=li.get("label", ""),
            position=k + 1,
            planned_amount=_d(li["planned_amount"]),
            printed_amount=_d(li.get("printed_amount")),
            actual_amount=_d(li.get("actual_amount")),
        )
        _full_clean(line, f"{path}.budget_lines[{k}]", exclude=["convention", "action_kind"])
        line.save()
        lines.append(line)
    funding = entry.get("funding")
    if funding is None:
        return []
    fpath = f"{path}.funding"
    funding_year = FundingYear(
        convention=convention,
        year=year,
        total_cost=_d(funding["total_cost"]),
        shared_total=_d(funding["shared_total"]),
        key_kind=funding["key_kind"],
        count_year=funding.get("count_year"),
        printed_total_cost=_d(funding.get("printed_total_cost")),
        printed_shared_total=_d(funding.get("printed_shared_total")),
    )
    _full_clean(funding_year, fpath, exclude=["convention"])
    by_party = {s["party"]: s for s in funding["shares"]}
    shares_data = [
        services.ShareData(
            party=_party_of(checker, parties, s["party"]),
            kind=s["kind"],
            fixed_amount=_d(s.get("fixed_amount")),
            key_percent=_d(s.get("key_percent")),
            key_count=s.get("key_count"),
            amount=_d(s["amount"]) if s["kind"] == FundingShare.Kind.CONTRIBUTION else None,
            printed_amount=_d(s.get("printed_amount")),
            printed_percent=_d(s.get("printed_percent")),
        )
        for s in funding["shares"]
    ]
    try:
        services.save_funding_year(funding_year, shares_data)  # the funding page's split
    except ValidationError as error:
        return _issues(error, fpath)
    issues = []
    # The file's amounts must be those of the split.
    index = {s["party"]: k for k, s in enumerate(funding["shares"])}
    stored = list(funding_year.shares.select_related("party__organisation").order_by("kind", "party__position"))
    for share in stored:
        name = next(n for n in by_party if _party_of(checker, parties, n).pk == share.party_id)
        expected, written = share.amount, _d(by_party[name]["amount"])
        if share.kind == FundingShare.Kind.KEY and written != expected:
            if funding_year.key_kind == FundingYear.KeyKind.FIXED:
                message = f"{_eur(written)} diffère du montant fixé {_eur(expected)} (clé « montants fixés »)."
            else:
                message = f"{_eur(written)} ne résulte pas de la clé : la répartition donne {_eur(expected)}."
            issues.append(ImportIssue(f"{fpath}.shares[{index[name]}].amount", message))
    if issues:
        return issues
    # The consistency checks of the funding page's panel.
    panel = services.panel_for(funding_year, lines, stored)
    for check in panel.checks:
        if check.label in PANEL_CHECKS and check.verdict == Verdict.DIFFERS:
            issues.append(ImportIssue(f"{fpath}.{PANEL_CHECKS[check.label]}", f"{check.label} : {check.detail}"))
    return issues


def _party_of(checker: _Checker, parties: dict[str, ConventionParty], name: str) -> ConventionParty:
    """The party a share names, by the file's short name or the organisation's current one."""
    if name in parties:
        return parties[name]
    return parties[checker.data["parties"][checker.party_index[name]]["organisation"]]
