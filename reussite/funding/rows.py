"""The convention page's longest table loops written in Python: byte for byte what their template loops
wrote (each value escaped and localised as a template variable is, through the same filters), without a
template node per cell (the evolutions table alone, parties × years cells of three filters each, was
about half of the page's rendering at national scale). ``tests/funding/test_convention_rows.py``
compares each with the loop it replaced."""

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks_filter
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from reussite.core.links import detail_url
from reussite.core.templatetags.fr import eur, long_date

from .templatetags.funding_tags import (
    amount,
    exact_percent,
    printed_percent,
    signed_amount,
    signed_percent,
    verdict_class,
    verdict_label,
)

DIFFERS = ' class="verdict-differs"'
BADGE_DEMO = ' <span class="badge">démo</span>'
BADGE_ARTICLE_7 = ' <span class="badge">article 7</span>'
CURRENT = ' aria-current="page"'
LATE = ' <span class="verdict verdict-ko">en retard</span>'


def _text(value) -> str:
    """A value as ``{{ value }}`` writes it (localised, then escaped unless already safe)."""
    return conditional_escape(localize(value))


def _safe(html: str) -> SafeString:
    return mark_safe(html)  # noqa: S308 — every value is escaped by ``_text`` where the rows are built


def evolution_series_rows(series) -> SafeString:
    """The ``<tbody>`` rows of the amounts over the years (``Evolutions.series``)."""
    out = []
    for s in series:
        out.append(f'<tr><th scope="row">{_text(s.label)}</th>')
        for row in s.rows:
            out.append(f"<td>{_text(amount(row.amount))}")
            if row.change is not None:
                out.append(f'<br><span class="small">{_text(signed_amount(row.change))}')
                if row.change_percent is not None:
                    out.append(f" ({_text(signed_percent(row.change_percent, 2))})")
                out.append("</span>")
            out.append("</td>")
        out.append("</tr>")
    return _safe("".join(out))


def _execution_rows(rows, not_entered: str, empty: str) -> SafeString:
    out = [
        f'<tr><th scope="row">{_text(row.name)}</th><td class="num">{_text(amount(row.planned))}</td>'
        f'<td class="num">{not_entered if row.actual is None else _text(eur(row.actual))}</td>'
        f'<td class="num">{"—" if row.gap is None else _text(eur(row.gap))}</td>'
        f'<td class="num">{_text(signed_percent(row.gap_percent, 1))}</td></tr>\n  '
        for row in rows
    ]
    return _safe("".join(out) if out else empty)


def charge_rows(rows) -> SafeString:
    """The ``<tbody>`` rows of the execution's charges (``ExecutionReport.charges``)."""
    return _execution_rows(rows, "non saisi", '<tr><td colspan="5">Aucune ligne.</td></tr>')


def resource_rows(rows) -> SafeString:
    """The ``<tbody>`` rows of the execution's resources (``ExecutionReport.resources``)."""
    return _execution_rows(rows, "non suivi", '<tr><td colspan="5">Aucun financeur.</td></tr>')


def split_rows(rows) -> SafeString:
    """The ``<tbody>`` rows of the split table (``Panel.shares``)."""
    out = []
    for row in rows:
        differs = row.printed_amount_differs or (row.percent_check and row.percent_check.verdict == "differs")
        if row.percent_check:
            verdict = row.percent_check.verdict
            printed = (
                f"{_text(printed_percent(row.printed_percent))} "
                f'<span class="{_text(verdict_class(verdict))}">{_text(verdict_label(verdict))}</span>'
            )
        else:
            printed = "—"
        out.append(
            f"\n  <tr{DIFFERS if differs else ''}>\n"
            f'    <th scope="row">{_text(row.name)}</th>\n'
            f"    <td>{'Contribution fixe' if row.is_contribution else 'Part de la clé'}</td>\n"
            f'    <td class="num">{_text(amount(row.amount))}</td>\n'
            f'    <td class="num">{"—" if row.is_contribution else _text(exact_percent(row.percent_of_shared))}</td>\n'
            f'    <td class="num">{_text(exact_percent(row.percent_of_cost))}</td>\n'
            f'    <td class="num">{"—" if row.printed_amount is None else _text(eur(row.printed_amount))}</td>\n'
            f'    <td class="num">{printed}</td>\n'
            "  </tr>\n  "
        )
    return _safe("".join(out) if out else '<tr><td colspan="7">Aucun financement saisi.</td></tr>\n  ')


# --- The convention page's own tables (``templates/funding/convention_detail.html``) ---------------


def _default(value, default: str):
    """``value|default:"…"``."""
    return value or default


def _less(a, b) -> bool:
    """``a < b`` as ``{% if a < b %}`` evaluates it (False when they do not compare)."""
    try:
        return a < b
    except TypeError:
        return False


def _short(day) -> str:
    return _text(date_filter(day, "d/m/Y"))


def party_rows(parties, can_change: bool) -> SafeString:
    """The ``<tbody>`` rows of the parties (their ``state_conventions`` prefetched)."""
    state_convention_status = detail_url("funding:state_convention_status")
    party_edit = detail_url("funding:party_edit")
    out = []
    for party in parties:
        name = _text(party.name)
        short_name = party.organisation.short_name
        org = (
            f' <span class="small muted">({_text(short_name)})</span>'
            if party.display_name and party.display_name != short_name
            else ""
        )
        signatory = _text(_default(party.signatory_name, "—")) + (
            f", {_text(party.signatory_capacity)}" if party.signatory_capacity else ""
        )
        approval = ["Approuvée" if party.has_approved else "<strong>En attente</strong>"]
        if party.approval_body:
            approval.append(f" — {_text(party.approval_body)}")
        if party.approval_reference:
            approval.append(f" — {_text(party.approval_reference)}")
        if party.approval_date:
            approval.append(f" du {_text(long_date(party.approval_date))}")
        elif party.has_approved:
            approval.append(" (date non renseignée)")
        states = []
        for sc in party.state_conventions.all():
            text = _text(sc.get_status_display())
            if sc.end_date:
                text += f" (jusqu'au {_short(sc.end_date)})"
            if can_change:
                url = conditional_escape(state_convention_status(sc.pk))
                text += (
                    f' <a href="{url}">changer<span class="visually-hidden">'
                    f" le statut de la convention État de {name}</span></a>"
                )
            states.append(text)
        edit = (
            f'<td><a href="{conditional_escape(party_edit(party.pk))}">Modifier'
            f'<span class="visually-hidden"> {name}</span></a></td>'
            if can_change
            else ""
        )
        out.append(
            "\n  <tr>\n"
            f'    <th scope="row">{name}{org}</th>\n'
            f"    <td>{_text(party.get_role_display())}</td>\n"
            f"    <td>{signatory}</td>\n"
            f"    <td>{''.join(approval)}</td>\n"
            f"    <td>{'<br>'.join(states) if states else '—'}</td>\n"
            f"    {edit}\n"
            "  </tr>\n  "
        )
    return _safe("".join(out) if out else '<tr><td colspan="6">Aucune partie.</td></tr>\n  ')


def budget_line_rows(lines) -> SafeString:
    """The ``<tbody>`` rows of the year's budget lines."""
    out = []
    for line in lines:
        printed = line.printed_amount
        differs = printed is not None and printed != line.planned_amount
        out.append(
            f'<tr{DIFFERS if differs else ""}><th scope="row">{_text(line.name)}</th>'
            f'<td class="num">{_text(amount(line.planned_amount))}</td>'
            f'<td class="num">{"—" if printed is None else _text(eur(printed))}</td></tr>\n  '
        )
    return _safe("".join(out) if out else '<tr><td colspan="3">Lignes budgétaires à définir.</td></tr>')


def call_rows(calls, year, today) -> SafeString:
    """The ``<tbody>`` rows of the year's calls for funds (annotated ``paid_total`` and ``balance``)."""
    call_detail = detail_url("funding:call_detail")
    call_pdf = detail_url("funding:call_pdf")
    out = []
    for call in calls:
        reference = _text(call.reference)
        late = _less(call.paid_total, call.amount) and _less(call.due_date, today)
        out.append(
            "\n  <tr>\n"
            f'    <th scope="row"><a href="{conditional_escape(call_detail(call.pk))}">{reference}</a>'
            f"{BADGE_DEMO if call.is_demo else ''}</th>\n"
            f"    <td>{_text(call.party.name)}</td><td>{_short(call.issue_date)}</td>\n"
            f"    <td>{_short(call.due_date)}{LATE if late else ''}</td>\n"
            f'    <td class="num">{_text(eur(call.amount))}</td><td class="num">{_text(eur(call.paid_total))}</td>'
            f'<td class="num">{_text(eur(call.balance))}</td>\n'
            f'    <td><a href="{conditional_escape(call_pdf(call.pk))}">Télécharger<span class="visually-hidden">'
            f" l'appel de fonds {reference}</span></a></td>\n"
            "  </tr>\n  "
        )
    return _safe(
        "".join(out) if out else f'<tr><td colspan="8">Aucun appel de fonds émis pour {_text(year)}.</td></tr>\n  '
    )


def payment_rows(payments) -> SafeString:
    """The ``<tbody>`` rows of the year's payments (each with its call and the call's party)."""
    out = [
        f"<tr><td>{_short(p.paid_on)}</td><td>{_text(p.call.reference)}</td><td>{_text(p.call.party.name)}</td>"
        f'<td class="num">{_text(eur(p.amount))}</td><td>{_text(_default(p.reference, "—"))}'
        f"{BADGE_DEMO if p.is_demo else ''}</td></tr>\n  "
        for p in payments
    ]
    return _safe("".join(out) if out else '<tr><td colspan="5">Aucun paiement enregistré.</td></tr>')


def history_rows(history) -> SafeString:
    """The ``<tbody>`` rows of the status history (``recorded_by`` read with it)."""
    out = []
    for change in history:
        recorded_at = _text(date_filter(template_localtime(change.recorded_at), "d/m/Y H:i"))
        recorded_by = f" par {_text(change.recorded_by)}" if change.recorded_by else ""
        out.append(
            f"<tr><td>{_text(_default(date_filter(change.effective_date, 'd/m/Y'), 'non datée'))}</td>"
            f"<td>{_text(change)}</td><td>{_text(_default(change.reason, '—'))}"
            f"{BADGE_ARTICLE_7 if change.caused_by_id else ''}{BADGE_DEMO if change.is_demo else ''}</td>"
            f"<td>{recorded_at}{recorded_by}</td></tr>\n  "
        )
    return _safe("".join(out) if out else '<tr><td colspan="4">Aucun changement enregistré.</td></tr>')


def year_tabs(years, year) -> SafeString:
    """The ``<li>`` of the convention's year tabs, the year shown marked current."""
    return _safe(
        "".join(f'<li><a href="?annee={_text(y)}"{CURRENT if y == year else ""}>{_text(y)}</a></li>' for y in years)
    )


def article_details(articles) -> SafeString:
    """The convention's articles, each a ``<details>`` (its body's paragraphs as ``|linebreaks`` writes them)."""
    out = [
        f'\n<details class="article"><summary>{_text(a.number)} : {_text(a.title)}</summary>'
        f'<div class="article-body">{linebreaks_filter(a.body, autoescape=True)}</div></details>\n'
        for a in articles
    ]
    return _safe("".join(out) if out else "<p>Aucun article saisi.</p>")
