"""The referential of the registers kept by board secretaries in the pages: bodies and their rule
sets, members and their mandates, and a CSV import of members.

Each operation runs in one transaction and refuses with French messages naming the field (and, for
the import, the line); an import saves every line or none.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from reussite.core.date_bounds import check_date, in_future_years

from .models import Body, Member

BODY_FIELDS = [
    "organisation",
    "kind",
    "other_kind",
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
    "president_counted_in_office",
]
MEMBER_FIELDS = [
    "civility",
    "first_name",
    "last_name",
    "quality",
    "rank",
    "is_president",
    "mandate_start",
    "mandate_end",
]


def _check_rules(values: dict):
    numerator, denominator = values.get("quorum_numerator"), values.get("quorum_denominator")
    if denominator is not None and denominator < 1:
        raise ValidationError({"quorum_denominator": "Quorum : le dénominateur doit être au moins 1."})
    if numerator is not None and denominator is not None and numerator >= denominator:
        raise ValidationError(
            {
                "quorum_numerator": f"Quorum : la fraction {numerator}/{denominator} doit être inférieure à 1 "
                f"(« plus de la moitié » s'écrit 1/2)."
            }
        )
    if values.get("max_proxies_per_holder") is not None and values["max_proxies_per_holder"] < 1:
        raise ValidationError({"max_proxies_per_holder": "Pouvoirs par mandataire : au moins 1."})
    for field, label in (
        ("convocation_clear_days", "Délai de convocation"),
        ("second_convocation_clear_days", "Délai de seconde convocation"),
    ):
        if values.get(field) is not None and values[field] > 60:
            raise ValidationError({field: f"{label} : 60 jours francs au plus."})
    if values.get("kind") == Body.Kind.OTHER and not (values.get("other_kind") or "").strip():
        raise ValidationError({"other_kind": "Type d'instance (autre) : précisez-le pour une instance « autre »."})


@transaction.atomic
def save_body(body: Body | None, values: dict, allowed_organisations) -> Body:
    """Create (``body=None``) or change a body and its rule set. The organisation must be one of the
    user's (board secretary): any other answers like an unknown one."""
    organisation = values.get("organisation")
    if organisation is None or organisation.pk not in allowed_organisations:
        raise ValidationError({"organisation": "Organisation : organisation inconnue."})
    _check_rules(values)
    code = (values.get("code") or "").strip()
    if Body.objects.filter(code=code).exclude(pk=body.pk if body else None).exists():
        raise ValidationError({"code": f"Code : « {code} » est déjà celui d'une autre instance."})
    body = body or Body()
    for field in BODY_FIELDS:
        if field in values:
            setattr(body, field, values[field].strip() if isinstance(values[field], str) else values[field])
    body.save()
    return body


def _check_member(values: dict):
    if not (values.get("last_name") or "").strip():
        raise ValidationError({"last_name": "Nom : il est obligatoire."})
    if values.get("civility") not in ("", None, *Member.Civility.values):
        raise ValidationError({"civility": "Civilité : « M. », « Mme » ou vide."})
    for field, label in (("mandate_start", "Début du mandat"), ("mandate_end", "Fin du mandat")):
        check_date(values.get(field), field, label, latest=in_future_years(10))
    start, end = values.get("mandate_start"), values.get("mandate_end")
    if start and end and end < start:
        raise ValidationError({"mandate_end": "Fin du mandat : elle ne peut précéder son début."})


@transaction.atomic
def save_member(body: Body, member: Member | None, values: dict) -> Member:
    """Create or change a member of ``body`` (mandate period optional: unknown = open)."""
    _check_member(values)
    member = member or Member(body=body)
    if member.body_id != body.pk:
        raise ValidationError({"last_name": "Membre : membre inconnu de cette instance."})
    for field in MEMBER_FIELDS:
        if field in values:
            value = values[field]
            setattr(member, field, value.strip() if isinstance(value, str) else value)
    member.civility = member.civility or ""
    member.rank = member.rank or 0
    member.save()
    return member


# --- CSV import -----------------------------------------------------------------------------------

COLUMNS = {
    "civilite": "civility",
    "prenom": "first_name",
    "nom": "last_name",
    "qualite": "quality",
    "rang": "rank",
    "president": "is_president",
    "debut_mandat": "mandate_start",
    "fin_mandat": "mandate_end",
}
MAX_LINES = 500
TRUE = {"oui", "o", "1", "vrai", "x"}
FALSE = {"", "non", "n", "0", "faux"}


class _Semicolon(csv.excel):
    delimiter = ";"  # French spreadsheets' CSV


@dataclass(frozen=True)
class ImportReport:
    created: list[str]
    skipped: list[str]  # "Ligne 4 : M. X figure déjà parmi les membres ; ligne ignorée."


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _plain(header: str) -> str:
    table = str.maketrans("éèêëàâîïôöûùç", "eeeeaaiioouuc")
    return header.strip().lower().translate(table).replace(" ", "_").replace("-", "_")


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _row_values(row: dict) -> dict:
    """One line as member values, or ValueError(field label: rule)."""
    values = {COLUMNS[key]: (value or "").strip() for key, value in row.items() if key in COLUMNS}
    civility = values.get("civility", "")
    values["civility"] = {"m": "M.", "m.": "M.", "mme": "Mme", "mme.": "Mme", "": ""}.get(civility.lower(), civility)
    rank = values.get("rank", "")
    if rank and not rank.isdigit():
        raise ValueError(f"Rang : « {rank} » n'est pas un nombre entier positif.")
    values["rank"] = int(rank) if rank else 0
    president = values.get("is_president", "").lower()
    if president not in TRUE | FALSE:
        raise ValueError(f"Président : « {president} » ; écrivez « oui » ou « non ».")
    values["is_president"] = president in TRUE
    for field, label in (("mandate_start", "Début du mandat"), ("mandate_end", "Fin du mandat")):
        try:
            values[field] = _date(values.get(field, ""))
        except ValueError:
            raise ValueError(f"{label} : « {values[field]} » n'est pas une date (JJ/MM/AAAA).") from None
    return values


@transaction.atomic
def import_members(body: Body, text: str) -> ImportReport:
    """Import members from CSV text (``;`` or ``,``; header ``civilite;prenom;nom;qualite;rang;president;
    debut_mandat;fin_mandat``, only ``nom`` required). Every line is checked first: any error refuses
    the whole file, listing every error with its line. A member already recorded (same civility,
    first name, name and mandate start) is skipped and reported, never duplicated."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportRefused(["Fichier : il est vide."])
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,")
    except csv.Error:
        dialect = _Semicolon
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {_plain(h): h for h in reader.fieldnames or []}
    if "nom" not in headers:
        raise ImportRefused(["Ligne 1 : la colonne « nom » manque (colonnes possibles : " + ", ".join(COLUMNS) + ")."])
    unknown = [h for key, h in headers.items() if key not in COLUMNS]
    if unknown:
        raise ImportRefused([f"Ligne 1 : colonne(s) inconnue(s) : {', '.join(unknown)}."])
    errors, rows = [], []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_LINES:
            raise ImportRefused([f"Fichier : {MAX_LINES} lignes au plus."])
        row = {_plain(key): value for key, value in raw.items() if key is not None}
        if not any((value or "").strip() for value in row.values()):
            continue
        try:
            values = _row_values(row)
            _check_member(values)
        except ValueError as error:
            errors.append(f"Ligne {line} : {error}")
            continue
        except ValidationError as error:
            errors.extend(f"Ligne {line} : {m}" for messages in error.message_dict.values() for m in messages)
            continue
        rows.append((line, values))
    if errors:
        raise ImportRefused(errors)
    existing = {
        (m.civility, m.first_name.lower(), m.last_name.lower(), m.mandate_start)
        for m in Member.objects.filter(body=body)
    }
    created, skipped = [], []
    for line, values in rows:
        key = (
            values["civility"],
            values.get("first_name", "").lower(),
            values["last_name"].lower(),
            values["mandate_start"],
        )
        member = Member(body=body, **values)
        if key in existing:
            skipped.append(f"Ligne {line} : {member.full_label} figure déjà parmi les membres ; ligne ignorée.")
            continue
        existing.add(key)
        member.save()
        created.append(member.full_label)
    return ImportReport(created=created, skipped=skipped)
