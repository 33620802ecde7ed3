"""A convention as JSON: export, schema validation and import (``"schema": "reussite.convention/1"``).

The format is documented in ``docs/convention-json.md``; :data:`SCHEMA` is its JSON Schema (draft
2020-12), checked with the ``jsonschema`` library. An import is refused whole when anything is wrong:
every problem is reported at once, as ``ImportRefused.errors`` (JSON path of the field, French message),
and nothing is written (one transaction).

What the file carries: the convention's terms (reference, title, object, preamble, kind, period,
place, dates, status, rounding unit, cap by the State allocation, payment terms), its parties
(organisation by short name and optional SIRET, role, signatory, approving deliberation, State
conventions and allocations), its articles, per year its budget lines and funding plan (cost, shared
total, key, shares, the printed figures kept beside the computed ones) and its status history. It does
not carry calls for funds and payments (numbered per issuer, they belong to the cash, not to the
agreement), nor database ids, users or timestamps.

Import order, so that F1's invariants hold: rows are created as a draft, then the status history is
replayed through :func:`reussite.funding.services.change_status`, which checks every transition
(approval by every party before "approved", ...).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from jsonschema import Draft202012Validator, FormatChecker

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope, scoped
from reussite.core.formatting import format_eur
from reussite.territory.models import Organisation

from . import computations as comp
from . import services
from .models import (
    ActionKind,
    BudgetLine,
    Convention,
    ConventionArticle,
    ConventionParty,
    ConventionStatusChange,
    FundingShare,
    FundingYear,
    StateAllocation,
    StateConvention,
)

SCHEMA_ID = "reussite.convention/1"
IMPORT_ROLES = (Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER)
MAX_BYTES = 2 * 1024 * 1024

# --- JSON Schema ---------------------------------------------------------------------------------


def _text(max_length: int | None = None, min_length: int = 0) -> dict:
    schema: dict = {"type": "string"}
    if max_length:
        schema["maxLength"] = max_length
    if min_length:
        schema["minLength"] = min_length
    return schema


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


AMOUNT = {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$", "x-kind": "amount"}
KEY_PERCENT = {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,4})(\.[0-9]{1,4})?$", "x-kind": "percent4"}
PRINTED_PERCENT = {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,4})(\.[0-9]{1,2})?$", "x-kind": "percent2"}
DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date", "x-kind": "date"}
YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
SIRET = {"type": "string", "pattern": r"^[0-9]{14}$", "x-kind": "siret"}


def _object(properties: dict, required: list[str]) -> dict:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


STATE_CONVENTION = _object(
    {
        "reference": _text(120),
        "start_date": _nullable(DATE),
        "end_date": _nullable(DATE),
        "status": {"type": "string", "enum": StateConvention.Status.values},
    },
    ["status"],
)
PARTY = _object(
    {
        "organisation": _text(80, 1),
        "siret": _nullable(SIRET),
        "role": {"type": "string", "enum": ConventionParty.Role.values},
        "display_name": _text(300),
        "signatory_name": _text(150),
        "signatory_capacity": _text(150),
        "approval_body": _text(200),
        "approval_reference": _text(60),
        "approval_date": _nullable(DATE),
        "has_approved": {"type": "boolean"},
        "state_conventions": {"type": "array", "items": STATE_CONVENTION},
        "state_allocations": {
            "type": "array",
            "items": _object({"year": YEAR, "amount": AMOUNT}, ["year", "amount"]),
        },
    },
    ["organisation", "role"],
)
ARTICLE = _object({"number": _text(30, 1), "title": _text(300), "body": _text()}, ["number", "title"])
BUDGET_LINE = _object(
    {
        "action": _text(60, 1),
        "label": _text(200),
        "planned_amount": _nullable(AMOUNT),
        "printed_amount": _nullable(AMOUNT),
        "actual_amount": _nullable(AMOUNT),
    },
    ["action", "planned_amount"],
)
SHARE = _object(
    {
        "party": _text(80, 1),
        "kind": {"type": "string", "enum": FundingShare.Kind.values},
        "fixed_amount": _nullable(AMOUNT),
        "key_percent": _nullable(KEY_PERCENT),
        "key_count": {"type": ["integer", "null"], "minimum": 0},
        "amount": _nullable(AMOUNT),
        "printed_amount": _nullable(AMOUNT),
        "printed_percent": _nullable(PRINTED_PERCENT),
    },
    ["party", "kind", "amount"],
)
FUNDING = _object(
    {
        "total_cost": _nullable(AMOUNT),
        "shared_total": _nullable(AMOUNT),
        "key_kind": {"type": "string", "enum": FundingYear.KeyKind.values},
        "count_year": {"type": ["integer", "null"], "minimum": 1990, "maximum": 2100},
        "printed_total_cost": _nullable(AMOUNT),
        "printed_shared_total": _nullable(AMOUNT),
        "shares": {"type": "array", "items": SHARE},
    },
    ["total_cost", "shared_total", "key_kind", "shares"],
)
YEAR_ENTRY = _object(
    {
        "year": YEAR,
        "budget_lines": {"type": "array", "items": BUDGET_LINE},
        "funding": {"oneOf": [{"type": "null"}, FUNDING]},
    },
    ["year"],
)
HISTORY_ENTRY = _object(
    {
        "to": {"type": "string", "enum": Convention.Status.values},
        "effective_date": _nullable(DATE),
        "reason": _text(),
        "is_demo": {"type": "boolean"},
        "caused_by": {
            "oneOf": [
                {"type": "null"},
                _object({"party": _text(80, 1), "state_convention": {"type": "integer", "minimum": 0}}, ["party"]),
            ]
        },
    },
    ["to", "effective_date"],
)
CONVENTION = _object(
    {
        "reference": _text(60, 1),
        "title": _text(400, 1),
        "object": _text(),
        "preamble": _text(),
        "kind": {"type": "string", "enum": Convention.Kind.values},
        "first_year": YEAR,
        "last_year": YEAR,
        "starts_on_signature": {"type": "boolean"},
        "start_date": _nullable(DATE),
        "end_date": DATE,
        "originals_count": {"type": ["integer", "null"], "minimum": 1, "maximum": 100},
        "place": _text(120),
        "signature_date": _nullable(DATE),
        "notification_date": _nullable(DATE),
        "status": {"type": "string", "enum": Convention.Status.values},
        "rounding_unit": {"type": "string", "enum": Convention.RoundingUnit.values},
        "capped_by_state_allocation": {"type": "boolean"},
        "payment_terms": _text(),
        "payment_delay_days": {"type": "integer", "minimum": 0, "maximum": 3650},
    },
    ["reference", "title", "kind", "first_year", "last_year", "end_date"],
)
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://reussite.example/schemas/convention-1.json",
    "title": "Convention Réussite (reussite.convention/1)",
    "type": "object",
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "convention": CONVENTION,
        "parties": {"type": "array", "items": PARTY, "minItems": 1},
        "articles": {"type": "array", "items": ARTICLE},
        "years": {"type": "array", "items": YEAR_ENTRY},
        "history": {"type": "array", "items": HISTORY_ENTRY},
    },
    "required": ["schema", "convention", "parties"],
    "additionalProperties": False,
}
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker(["date"]))

# Defaults of the optional fields (documented in docs/convention-json.md).
CONVENTION_DEFAULTS = {
    "object": "",
    "preamble": "",
    "starts_on_signature": True,
    "start_date": None,
    "originals_count": None,
    "place": "",
    "signature_date": None,
    "notification_date": None,
    "status": Convention.Status.DRAFT.value,
    "rounding_unit": Convention.RoundingUnit.EURO.value,
    "capped_by_state_allocation": False,
    "payment_terms": "",
    "payment_delay_days": 30,
}
PARTY_DEFAULTS = {
    "siret": None,
    "display_name": "",
    "signatory_name": "",
    "signatory_capacity": "",
    "approval_body": "",
    "approval_reference": "",
    "approval_date": None,
    "has_approved": False,
    "state_conventions": [],
    "state_allocations": [],
}


# --- Errors --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    path: str  # JSON path: "parties[2].organisation" ("" for the file itself)
    message: str  # French

    def __str__(self):
        return f"{self.path or 'fichier'} : {self.message}"


class ImportRefused(Exception):
    """The file is refused whole; ``errors`` lists every problem found."""

    def __init__(self, errors: list[ImportIssue]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]


def json_path(parts) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


TYPE_NAMES = {
    "string": "une chaîne",
    "integer": "un entier",
    "number": "un nombre",
    "boolean": "un booléen (true ou false)",
    "object": "un objet",
    "array": "une liste",
    "null": "null",
}


def _type_of(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int):
        return "un entier"
    if isinstance(value, float | Decimal):
        return "un nombre"
    if isinstance(value, str):
        return "une chaîne"
    if isinstance(value, list):
        return "une liste"
    return "un objet"


KIND_HINTS = {
    "amount": "montant en chaîne décimale, point décimal, au plus deux décimales (ex. « 1224.00 »)",
    "percent4": "pourcentage en chaîne décimale, au plus quatre décimales (ex. « 16.32 »)",
    "percent2": "pourcentage imprimé en chaîne décimale, au plus deux décimales (ex. « 16 »)",
    "date": "date au format AAAA-MM-JJ (ex. « 2017-12-31 »)",
    "siret": "SIRET de 14 chiffres",
}


def _schema_issue(error) -> ImportIssue:
    """A jsonschema error as a French message on the field's JSON path."""
    path = list(error.absolute_path)
    where = json_path(path)
    kind = error.schema.get("x-kind") if isinstance(error.schema, dict) else None
    value = error.instance
    v = error.validator
    if v == "required":
        missing = [name for name in error.validator_value if name not in value]
        return ImportIssue(json_path([*path, missing[0]]), "champ obligatoire manquant.")
    if v == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in known)
        return ImportIssue(
            json_path([*path, extra[0]]), "champ inconnu (champs possibles : " + ", ".join(sorted(known)) + ")."
        )
    if v == "const":
        return ImportIssue(where, f"version « {value} » non prise en charge ; attendu « {error.validator_value} ».")
    if v == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = " ou ".join(TYPE_NAMES[t] for t in expected)
        hint = f" : {KIND_HINTS[kind]}" if kind in KIND_HINTS else ""
        return ImportIssue(where, f"{names} attendu, {_type_of(value)} reçu{hint}.")
    if v == "enum":
        allowed = ", ".join(f"« {a} »" for a in error.validator_value)
        return ImportIssue(where, f"valeur « {value} » non reconnue ; valeurs possibles : {allowed}.")
    if v in ("pattern", "format"):
        if kind in ("amount", "percent4", "percent2") and isinstance(value, str) and value.strip().startswith("-"):
            return ImportIssue(where, f"montant négatif « {value} » interdit.")
        return ImportIssue(where, f"valeur « {value} » invalide : {KIND_HINTS.get(kind, 'format incorrect')}.")
    if v == "minimum":
        return ImportIssue(where, f"{value} est inférieur au minimum {error.validator_value}.")
    if v == "maximum":
        return ImportIssue(where, f"{value} est supérieur au maximum {error.validator_value}.")
    if v == "minLength":
        return ImportIssue(where, "ne peut pas être vide.")
    if v == "maxLength":
        return ImportIssue(where, f"{error.validator_value} caractères au plus ({len(value)} reçus).")
    if v == "minItems":
        return ImportIssue(where, f"au moins {error.validator_value} élément attendu.")
    if v == "oneOf":
        return ImportIssue(where, f"null ou un objet attendu, {_type_of(value)} reçu.")
    return ImportIssue(where, error.message)


JSON_ERRORS = {
    "Expecting property name enclosed in double quotes": "nom de champ entre guillemets doubles attendu",
    "Expecting value": "valeur attendue",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Unterminated string starting at": "chaîne non terminée",
    "Extra data": "données en trop après la fin du document",
    "Invalid control character at": "caractère de contrôle invalide",
    "Invalid \\escape": "séquence d'échappement invalide",
}


def parse(raw: bytes | str) -> dict:
    """The file's JSON document; refused when it is not UTF-8 JSON with unique keys."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise ImportRefused([ImportIssue("", f"fichier trop volumineux ({len(raw)} octets, 2 Mo au plus).")])
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused([ImportIssue("", "le fichier n'est pas encodé en UTF-8.")]) from error

    def unique_keys(pairs):
        counts = Counter(k for k, _ in pairs)
        doubled = [k for k, n in counts.items() if n > 1]
        if doubled:
            raise ImportRefused([ImportIssue("", f"clé « {doubled[0]} » présente deux fois dans un même objet.")])
        return dict(pairs)

    try:
        data = json.loads(raw, object_pairs_hook=unique_keys, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                ImportIssue(
                    "",
                    f"JSON invalide ligne {error.lineno}, colonne {error.colno} "
                    f"({JSON_ERRORS.get(error.msg, error.msg)}).",
                )
            ]
        ) from error
    if not isinstance(data, dict):
        raise ImportRefused([ImportIssue("", "un objet JSON est attendu à la racine du fichier.")])
    return data


def _flatten(errors):
    """The errors, with those of a nullable object ("null or object", a oneOf) taken from its object branch."""
    for error in errors:
        if error.validator == "oneOf" and isinstance(error.instance, dict):
            inner = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] != 0]
            if inner:
                yield from _flatten(inner)
                continue
        yield error


def validate_schema(data: dict) -> None:
    errors = sorted(_flatten(VALIDATOR.iter_errors(data)), key=lambda e: (json_path(e.absolute_path), e.validator))
    if errors:
        issues = []
        for error in errors:
            issue = _schema_issue(error)
            if issue not in issues:
                issues.append(issue)
        raise ImportRefused(issues)


# --- Export --------------------------------------------------------------------------------------


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(Decimal('0.01')):f}"


def _decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text


def _date(value) -> str | None:
    return value.isoformat() if value else None


def export_queryset():
    from django.db.models import Prefetch

    return Convention.objects.prefetch_related(
        Prefetch(
            "parties",
            queryset=ConventionParty.objects.select_related("organisation")
            .prefetch_related("state_conventions", "state_allocations")
            .order_by("position", "id"),
        ),
        "articles",
        Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("action_kind")),
        Prefetch("funding_years__shares", queryset=FundingShare.objects.select_related("party__organisation")),
        Prefetch("status_changes", queryset=ConventionStatusChange.objects.select_related("caused_by__party")),
    )


def export_convention(convention: Convention) -> dict:
    """The convention as a JSON-ready dict (``convention`` ideally from :func:`export_queryset`)."""
    parties = list(convention.parties.all())
    short = {p.pk: p.organisation.short_name for p in parties}
    position = {p.pk: i for i, p in enumerate(parties)}
    state_index = {}
    party_entries = []
    for party in parties:
        states = sorted(party.state_conventions.all(), key=lambda s: (s.start_date is None, s.start_date, s.pk))
        for i, state in enumerate(states):
            state_index[state.pk] = i
        party_entries.append(
            {
                "organisation": party.organisation.short_name,
                "siret": party.organisation.siret or None,
                "role": party.role,
                "display_name": party.display_name,
                "signatory_name": party.signatory_name,
                "signatory_capacity": party.signatory_capacity,
                "approval_body": party.approval_body,
                "approval_reference": party.approval_reference,
                "approval_date": _date(party.approval_date),
                "has_approved": party.has_approved,
                "state_conventions": [
                    {
                        "reference": s.reference,
                        "start_date": _date(s.start_date),
                        "end_date": _date(s.end_date),
                        "status": s.status,
                    }
                    for s in states
                ],
                "state_allocations": [
                    {"year": a.year, "amount": _amount(a.amount)}
                    for a in sorted(party.state_allocations.all(), key=lambda a: a.year)
                ],
            }
        )
    lines_by_year: dict[int, list[BudgetLine]] = {}
    for line in sorted(convention.budget_lines.all(), key=lambda li: (li.year, li.position, li.pk)):
        lines_by_year.setdefault(line.year, []).append(line)
    funding_by_year = {fy.year: fy for fy in convention.funding_years.all()}
    years = []
    for year in sorted(set(lines_by_year) | set(funding_by_year)):
        fy = funding_by_year.get(year)
        funding = None
        if fy is not None:
            shares = sorted(fy.shares.all(), key=lambda s: (position[s.party_id], s.pk))
            funding = {
                "total_cost": _amount(fy.total_cost),
                "shared_total": _amount(fy.shared_total),
                "key_kind": fy.key_kind,
                "count_year": fy.count_year,
                "printed_total_cost": _amount(fy.printed_total_cost),
                "printed_shared_total": _amount(fy.printed_shared_total),
                "shares": [
                    {
                        "party": short[s.party_id],
                        "kind": s.kind,
                        "fixed_amount": _amount(s.fixed_amount),
                        "key_percent": _decimal(s.key_percent),
                        "key_count": s.key_count,
                        "amount": _amount(s.amount),
                        "printed_amount": _amount(s.printed_amount),
                        "printed_percent": _decimal(s.printed_percent),
                    }
                    for s in shares
                ],
            }
        years.append(
            {
                "year": year,
                "budget_lines": [
                    {
                        "action": li.action_kind.code,
                        "label": li.label,
                        "planned_amount": _amount(li.planned_amount),
                        "printed_amount": _amount(li.printed_amount),
                        "actual_amount": _amount(li.actual_amount),
                    }
                    for li in lines_by_year.get(year, [])
                ],
                "funding": funding,
            }
        )
    history = []
    for change in sorted(convention.status_changes.all(), key=lambda c: (c.recorded_at, c.pk)):
        caused_by = None
        if change.caused_by_id is not None:
            caused_by = {
                "party": short[change.caused_by.party_id],
                "state_convention": state_index[change.caused_by_id],
            }
        history.append(
            {
                "to": change.to_status,
                "effective_date": _date(change.effective_date),
                "reason": change.reason,
                "is_demo": change.is_demo,
                "caused_by": caused_by,
            }
        )
    return {
        "schema": SCHEMA_ID,
        "convention": {
            "reference": convention.reference,
            "title": convention.title,
            "object": convention.object,
            "preamble": convention.preamble,
            "kind": convention.kind,
            "first_year": convention.first_year,
            "last_year": convention.last_year,
            "starts_on_signature": convention.starts_on_signature,
            "start_date": _date(convention.start_date),
            "end_date": _date(convention.end_date),
            "originals_count": convention.originals_count,
            "place": convention.place,
            "signature_date": _date(convention.signature_date),
            "notification_date": _date(convention.notification_date),
            "status": convention.status,
            "rounding_unit": convention.rounding_unit,
            "capped_by_state_allocation": convention.capped_by_state_allocation,
            "payment_terms": convention.payment_terms,
            "payment_delay_days": convention.payment_delay_days,
        },
        "parties": party_entries,
        "articles": [
            {"number": a.number, "title": a.title, "body": a.body}
            for a in sorted(convention.articles.all(), key=lambda a: a.position)
        ],
        "years": years,
        "history": history,
    }


def export_json(convention: Convention) -> str:
    return json.dumps(export_convention(convention), ensure_ascii=False, indent=2) + "\n"


def export_filename(convention: Convention) -> str:
    from .documents import filename_stem

    coordinator = next((p for p in convention.parties.all() if p.role == ConventionParty.Role.COORDINATOR), None)
    return f"{filename_stem(convention, coordinator)}.json"


# --- Import --------------------------------------------------------------------------------------


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _day(value: str | None):
    import datetime

    return None if value is None else datetime.date.fromisoformat(value)


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
        unit = Decimal(c.get("rounding_unit", CONVENTION_DEFAULTS["rounding_unit"]))
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
                self.funding(f"{path}.funding", year, funding, lines, unit)

    def funding(self, path, year, funding, lines, unit):
        shares = funding["shares"]
        total_cost, shared_total = _d(funding["total_cost"]), _d(funding["shared_total"])
        key_kind = funding["key_kind"]
        if key_kind == FundingYear.KeyKind.PRO_RATA and funding.get("count_year") is None:
            self.add(f"{path}.count_year", "obligatoire pour une clé au prorata (année de référence des effectifs).")
        seen = Counter(s["party"] for s in shares)
        key_inputs, key_amounts, key_paths = [], [], []
        for k, share in enumerate(shares):
            spath = f"{path}.shares[{k}]"
            index = self._party(f"{spath}.party", share["party"])
            if seen[share["party"]] > 1:
                self.add(f"{spath}.party", f"partie « {share['party']} » en double pour {year}.")
            if index is not None and share["kind"] == FundingShare.Kind.KEY:
                role = self.data["parties"][index]["role"]
                if role != ConventionParty.Role.PAYING:
                    self.add(f"{spath}.kind", f"seule une partie versante a une part de la clé ; « {share['party']} » "
                             "est coordinateur (utiliser « contribution »).")  # fmt: skip
            if share["kind"] == FundingShare.Kind.KEY:
                amount, fixed = _d(share["amount"]), _d(share["fixed_amount"])
                if (
                    key_kind == FundingYear.KeyKind.FIXED
                    and amount is not None
                    and fixed is not None
                    and amount != fixed
                ):
                    self.add(
                        f"{spath}.amount",
                        f"{format_eur(amount)} diffère du montant fixé {format_eur(fixed)} (clé « montants fixés »).",
                    )
                key_inputs.append(
                    comp.ShareInput(
                        key=share["party"],
                        fixed_amount=fixed,
                        percent=_d(share.get("key_percent")),
                        count=share.get("key_count"),
                    )
                )
                key_amounts.append(amount)
                key_paths.append(spath)
        if key_kind == FundingYear.KeyKind.PERCENT:
            percents = [s.percent for s in key_inputs]
            if percents and None not in percents and sum(percents) != 100:
                self.add(f"{path}.shares", f"les pourcentages de la clé totalisent {sum(percents)} %, pas 100 %.")
        if key_kind in (FundingYear.KeyKind.PERCENT, FundingYear.KeyKind.PRO_RATA) and None not in key_amounts:
            complete = all(
                (s.percent if key_kind == FundingYear.KeyKind.PERCENT else s.count) is not None for s in key_inputs
            )
            if key_inputs and complete and shared_total is not None and len(set(seen)) == len(seen):
                try:
                    expected = comp.compute_split(key_kind, shared_total, key_inputs, unit)
                except comp.SplitError as error:
                    self.add(f"{path}.shared_total", str(error))
                else:
                    for s, amount, spath in zip(key_inputs, key_amounts, key_paths, strict=True):
                        if expected[s.key] != amount:
                            self.add(
                                f"{spath}.amount",
                                f"{format_eur(amount)} ne résulte pas de la clé : la répartition donne "
                                f"{format_eur(expected[s.key])}.",
                            )
        if key_amounts and None not in key_amounts and shared_total is not None:
            total = sum(key_amounts, Decimal(0))
            if total != shared_total:
                self.add(
                    f"{path}.shares",
                    f"les parts de la clé totalisent {format_eur(total)}, le montant réparti (shared_total) est "
                    f"{format_eur(shared_total)}.",
                )
        planned = [_d(li["planned_amount"]) for li in lines]
        if total_cost is not None and planned and None not in planned and sum(planned) != total_cost:
            self.add(
                f"{path}.total_cost",
                f"les lignes budgétaires totalisent {format_eur(sum(planned))}, le coût est {format_eur(total_cost)}.",
            )
        contributions = [_d(s["amount"]) for s in shares if s["kind"] == FundingShare.Kind.CONTRIBUTION]
        if total_cost is not None and shared_total is not None and None not in contributions and key_amounts:
            funded = sum(contributions, Decimal(0)) + shared_total
            if funded != total_cost:
                self.add(
                    f"{path}.total_cost",
                    f"contributions fixes et montant réparti font {format_eur(funded)}, le coût est "
                    f"{format_eur(total_cost)}.",
                )

    def history(self):
        status = Convention.Status.DRAFT.value
        for i, entry in enumerate(self.data.get("history", [])):
            path = f"history[{i}]"
            target = entry["to"]
            if target not in services.TRANSITIONS[status]:
                self.add(f"{path}.to", f"passage de « {status} » à « {target} » impossible.")
            if entry["effective_date"] is None and not entry.get("is_demo", False):
                self.add(f"{path}.effective_date", "date d'effet obligatoire (sauf donnée de démonstration).")
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
            status = target
        declared = self.data["convention"].get("status", CONVENTION_DEFAULTS["status"])
        if declared != status:
            self.add(
                "convention.status",
                f"« {declared} » ne correspond pas à l'historique, qui mène à « {status} ».",
            )


def _service_issues(error: ValidationError, path: str) -> list[ImportIssue]:
    if hasattr(error, "message_dict"):
        return [ImportIssue(path, m) for messages in error.message_dict.values() for m in messages]
    return [ImportIssue(path, m) for m in error.messages]


def _full_clean(obj, path: str, exclude=()):
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ImportRefused(
            [ImportIssue(f"{path}.{field}", m) for field, messages in error.message_dict.items() for m in messages]
        ) from error


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
    convention.save()
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
            state = StateConvention.objects.create(
                party=party,
                reference=s.get("reference", ""),
                start_date=_day(s.get("start_date")),
                end_date=_day(s.get("end_date")),
                status=s["status"],
            )
            state_conventions[(p["organisation"], j)] = state
        for a in p["state_allocations"]:
            StateAllocation.objects.create(party=party, year=a["year"], amount=Decimal(a["amount"]))
    ConventionArticle.objects.bulk_create(
        [
            ConventionArticle(
                convention=convention, position=k + 1, number=a["number"], title=a["title"], body=a.get("body", "")
            )
            for k, a in enumerate(data.get("articles", []))
        ]
    )
    for entry in data.get("years", []):
        year = entry["year"]
        for k, li in enumerate(entry.get("budget_lines", [])):
            BudgetLine.objects.create(
                convention=convention,
                year=year,
                action_kind=checker.action_kinds[li["action"]],
                label=li.get("label", ""),
                position=k + 1,
                planned_amount=_d(li["planned_amount"]),
                printed_amount=_d(li.get("printed_amount")),
                actual_amount=_d(li.get("actual_amount")),
            )
        funding = entry.get("funding")
        if funding is None:
            continue
        funding_year = FundingYear.objects.create(
            convention=convention,
            year=year,
            total_cost=_d(funding["total_cost"]),
            shared_total=_d(funding["shared_total"]),
            key_kind=funding["key_kind"],
            count_year=funding.get("count_year"),
            printed_total_cost=_d(funding.get("printed_total_cost")),
            printed_shared_total=_d(funding.get("printed_shared_total")),
        )
        FundingShare.objects.bulk_create(
            [
                FundingShare(
                    funding_year=funding_year,
                    party=parties[s["party"]] if s["party"] in parties else _party_by_index(checker, parties, s),
                    kind=s["kind"],
                    fixed_amount=_d(s.get("fixed_amount")),
                    key_percent=_d(s.get("key_percent")),
                    key_count=s.get("key_count"),
                    amount=_d(s["amount"]),
                    printed_amount=_d(s.get("printed_amount")),
                    printed_percent=_d(s.get("printed_percent")),
                )
                for s in funding["shares"]
            ]
        )
    for i, entry in enumerate(data.get("history", [])):
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
            raise ImportRefused(_service_issues(error, f"history[{i}].to")) from error
    convention.refresh_from_db()
    return convention


def _party_by_index(checker: _Checker, parties: dict[str, ConventionParty], share: dict) -> ConventionParty:
    """A share naming its party by the organisation's current short name rather than the file's."""
    index = checker.party_index[share["party"]]
    return parties[checker.data["parties"][index]["organisation"]]
