"""The ``reussite.convention/1`` format: its JSON Schema (draft 2020-12, checked with ``jsonschema``),
reading a file (:func:`parse`) and the French messages of its refusals, each on a JSON path."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from jsonschema import Draft202012Validator, FormatChecker

from ..models import Convention, ConventionParty, FundingShare, FundingYear, StateConvention

SCHEMA_ID = "reussite.convention/1"
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32  # the format nests 6 levels; deeper files are refused before anything walks them
MAX_COUNT = 2_147_483_647  # what the database stores in an integer column

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
        "key_count": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_COUNT},
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
        return ImportIssue(
            where, f"version « {_show(value)} » non prise en charge ; attendu « {error.validator_value} »."
        )
    if v == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = " ou ".join(TYPE_NAMES[t] for t in expected)
        hint = f" : {KIND_HINTS[kind]}" if kind in KIND_HINTS else ""
        return ImportIssue(where, f"{names} attendu, {_type_of(value)} reçu{hint}.")
    if v == "enum":
        allowed = ", ".join(f"« {a} »" for a in error.validator_value)
        return ImportIssue(where, f"valeur « {_show(value)} » non reconnue ; valeurs possibles : {allowed}.")
    if v in ("pattern", "format"):
        if kind in ("amount", "percent4", "percent2") and isinstance(value, str) and value.strip().startswith("-"):
            return ImportIssue(where, f"montant négatif « {_show(value)} » interdit.")
        return ImportIssue(where, f"valeur « {_show(value)} » invalide : {KIND_HINTS.get(kind, 'format incorrect')}.")
    if v == "minimum":
        return ImportIssue(where, f"{_show(value)} est inférieur au minimum {error.validator_value}.")
    if v == "maximum":
        return ImportIssue(where, f"{_show(value)} est supérieur au maximum {error.validator_value}.")
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
    except RecursionError as error:
        raise ImportRefused([ImportIssue("", f"structure trop imbriquée ({MAX_DEPTH} niveaux au plus).")]) from error
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
    except ValueError as error:  # an integer of thousands of digits
        raise ImportRefused([ImportIssue("", "nombre trop long dans le fichier.")]) from error
    if not isinstance(data, dict):
        raise ImportRefused([ImportIssue("", "un objet JSON est attendu à la racine du fichier.")])
    if _depth(data) > MAX_DEPTH:
        raise ImportRefused([ImportIssue("", f"structure trop imbriquée ({MAX_DEPTH} niveaux au plus).")])
    return data


def _depth(data) -> int:
    """Nesting depth of a JSON document, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _show(value) -> str:
    """A value as quoted in a message: short, and never a whole object or list."""
    if isinstance(value, dict | list):
        return _type_of(value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


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
