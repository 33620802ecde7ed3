"""A convention as a ``reussite.convention/1`` document (a JSON-ready dict): what the file carries is
described in docs/convention-json.md; no database ids, users or timestamps."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db.models import Prefetch

from ..documents import filename_stem
from ..models import BudgetLine, Convention, ConventionParty, ConventionStatusChange, FundingShare
from .schema import SCHEMA_ID


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
    coordinator = next((p for p in convention.parties.all() if p.role == ConventionParty.Role.COORDINATOR), None)
    return f"{filename_stem(convention, coordinator)}.json"
