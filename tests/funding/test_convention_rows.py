"""The convention page's tables written in Python (``reussite/funding/rows.py``) and read with fewer
queries (every year's shares at once, parties not joined again): the page holds, byte for byte, what the
template loops they replaced wrote from the data read the old way — for a convention with calls,
payments, an amendment, a status history (article 7 included), printed amounts that differ, and names
to escape."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import User
from reussite.funding import demo, rows, services
from reussite.funding.models import (
    Amendment,
    CallForFunds,
    Convention,
    ConventionArticle,
    ConventionStatusChange,
    FundingShare,
    Payment,
    StateConvention,
)

pytestmark = pytest.mark.django_db

# The loops of the templates before they were written in Python (templates/funding/convention_detail.html,
# includes/evolutions.html, includes/execution.html, includes/split_table.html), verbatim.
LOAD = "{% load fr funding_tags %}"
PARTIES = '  <tbody>\n  {% for party in parties %}\n  <tr>\n    <th scope="row">{{ party.name }}{% if party.display_name and party.display_name != party.organisation.short_name %} <span class="small muted">({{ party.organisation.short_name }})</span>{% endif %}</th>\n    <td>{{ party.get_role_display }}</td>\n    <td>{{ party.signatory_name|default:"—" }}{% if party.signatory_capacity %}, {{ party.signatory_capacity }}{% endif %}</td>\n    <td>{% if party.has_approved %}Approuvée{% else %}<strong>En attente</strong>{% endif %}{% if party.approval_body %} — {{ party.approval_body }}{% endif %}{% if party.approval_reference %} — {{ party.approval_reference }}{% endif %}{% if party.approval_date %} du {{ party.approval_date|long_date }}{% elif party.has_approved %} (date non renseignée){% endif %}</td>\n    <td>{% for sc in party.state_conventions.all %}{{ sc.get_status_display }}{% if sc.end_date %} (jusqu\'au {{ sc.end_date|date:"d/m/Y" }}){% endif %}{% if can_change %} <a href="{% url \'funding:state_convention_status\' sc.pk %}">changer<span class="visually-hidden"> le statut de la convention État de {{ party.name }}</span></a>{% endif %}{% if not forloop.last %}<br>{% endif %}{% empty %}—{% endfor %}</td>\n    {% if can_change %}<td><a href="{% url \'funding:party_edit\' party.pk %}">Modifier<span class="visually-hidden"> {{ party.name }}</span></a></td>{% endif %}\n  </tr>\n  {% empty %}<tr><td colspan="6">Aucune partie.</td></tr>\n  {% endfor %}\n  </tbody>'  # noqa: E501
LINES = '  <tbody>\n  {% for line in lines %}<tr{% if line.printed_amount is not None and line.printed_amount != line.planned_amount %} class="verdict-differs"{% endif %}><th scope="row">{{ line.name }}</th><td class="num">{{ line.planned_amount|amount }}</td><td class="num">{% if line.printed_amount is not None %}{{ line.printed_amount|eur }}{% else %}—{% endif %}</td></tr>\n  {% empty %}<tr><td colspan="3">Lignes budgétaires à définir.</td></tr>{% endfor %}\n  </tbody>'  # noqa: E501
CALLS = '  <tbody>\n  {% for call in calls %}\n  <tr>\n    <th scope="row"><a href="{% url \'funding:call_detail\' call.pk %}">{{ call.reference }}</a>{% if call.is_demo %} <span class="badge">démo</span>{% endif %}</th>\n    <td>{{ call.party.name }}</td><td>{{ call.issue_date|date:"d/m/Y" }}</td>\n    <td>{{ call.due_date|date:"d/m/Y" }}{% if call.paid_total < call.amount and call.due_date < today %} <span class="verdict verdict-ko">en retard</span>{% endif %}</td>\n    <td class="num">{{ call.amount|eur }}</td><td class="num">{{ call.paid_total|eur }}</td><td class="num">{{ call.balance|eur }}</td>\n    <td><a href="{% url \'funding:call_pdf\' call.pk %}">Télécharger<span class="visually-hidden"> l\'appel de fonds {{ call.reference }}</span></a></td>\n  </tr>\n  {% empty %}<tr><td colspan="8">Aucun appel de fonds émis pour {{ year }}.</td></tr>\n  {% endfor %}\n  </tbody>'  # noqa: E501
PAYMENTS = '  <tbody>\n  {% for p in payments %}<tr><td>{{ p.paid_on|date:"d/m/Y" }}</td><td>{{ p.call.reference }}</td><td>{{ p.call.party.name }}</td><td class="num">{{ p.amount|eur }}</td><td>{{ p.reference|default:"—" }}{% if p.is_demo %} <span class="badge">démo</span>{% endif %}</td></tr>\n  {% empty %}<tr><td colspan="5">Aucun paiement enregistré.</td></tr>{% endfor %}\n  </tbody>'  # noqa: E501
HISTORY = '  <tbody>\n  {% for change in history %}<tr><td>{{ change.effective_date|date:"d/m/Y"|default:"non datée" }}</td><td>{{ change }}</td><td>{{ change.reason|default:"—" }}{% if change.caused_by %} <span class="badge">article 7</span>{% endif %}{% if change.is_demo %} <span class="badge">démo</span>{% endif %}</td><td>{{ change.recorded_at|date:"d/m/Y H:i" }}{% if change.recorded_by %} par {{ change.recorded_by }}{% endif %}</td></tr>\n  {% empty %}<tr><td colspan="4">Aucun changement enregistré.</td></tr>{% endfor %}\n  </tbody>'  # noqa: E501
SERIES = '  <tbody>\n  {% for s in evolutions.series %}<tr><th scope="row">{{ s.label }}</th>{% for row in s.rows %}<td>{{ row.amount|amount }}{% if row.change is not None %}<br><span class="small">{{ row.change|signed_amount }}{% if row.change_percent is not None %} ({{ row.change_percent|signed_percent:2 }}){% endif %}</span>{% endif %}</td>{% endfor %}</tr>{% endfor %}\n  </tbody>'  # noqa: E501
CHARGES = '  <tbody>\n  {% for row in execution.charges %}<tr><th scope="row">{{ row.name }}</th><td class="num">{{ row.planned|amount }}</td><td class="num">{% if row.actual is None %}non saisi{% else %}{{ row.actual|eur }}{% endif %}</td><td class="num">{% if row.gap is not None %}{{ row.gap|eur }}{% else %}—{% endif %}</td><td class="num">{{ row.gap_percent|signed_percent:1 }}</td></tr>\n  {% empty %}<tr><td colspan="5">Aucune ligne.</td></tr>{% endfor %}\n  </tbody>'  # noqa: E501
RESOURCES = '  <tbody>\n  {% for row in execution.resources %}<tr><th scope="row">{{ row.name }}</th><td class="num">{{ row.planned|amount }}</td><td class="num">{% if row.actual is None %}non suivi{% else %}{{ row.actual|eur }}{% endif %}</td><td class="num">{% if row.gap is not None %}{{ row.gap|eur }}{% else %}—{% endif %}</td><td class="num">{{ row.gap_percent|signed_percent:1 }}</td></tr>\n  {% empty %}<tr><td colspan="5">Aucun financeur.</td></tr>{% endfor %}\n  </tbody>'  # noqa: E501
SPLIT = '  <tbody>\n  {% for row in panel.shares %}\n  <tr{% if row.printed_amount_differs or row.percent_check.verdict == "differs" %} class="verdict-differs"{% endif %}>\n    <th scope="row">{{ row.name }}</th>\n    <td>{% if row.is_contribution %}Contribution fixe{% else %}Part de la clé{% endif %}</td>\n    <td class="num">{{ row.amount|amount }}</td>\n    <td class="num">{% if row.is_contribution %}—{% else %}{{ row.percent_of_shared|exact_percent }}{% endif %}</td>\n    <td class="num">{{ row.percent_of_cost|exact_percent }}</td>\n    <td class="num">{% if row.printed_amount is not None %}{{ row.printed_amount|eur }}{% else %}—{% endif %}</td>\n    <td class="num">{% if row.percent_check %}{{ row.printed_percent|printed_percent }} <span class="{{ row.percent_check.verdict|verdict_class }}">{{ row.percent_check.verdict|verdict_label }}</span>{% else %}—{% endif %}</td>\n  </tr>\n  {% empty %}<tr><td colspan="7">Aucun financement saisi.</td></tr>\n  {% endfor %}\n  </tbody>'  # noqa: E501

YEARS = '  <ul>{% for y in convention.years %}<li><a href="?annee={{ y }}"{% if y == year %} aria-current="page"{% endif %}>{{ y }}</a></li>{% endfor %}</ul>'  # noqa: E501
ARTICLES = '<h2 id="articles">Articles</h2>\n{% for article in articles %}\n<details class="article"><summary>{{ article.number }} : {{ article.title }}</summary><div class="article-body">{{ article.body|linebreaks }}</div></details>\n{% empty %}<p>Aucun article saisi.</p>{% endfor %}'  # noqa: E501


def _render(loop, **context) -> str:
    return Template(LOAD + loop).render(Context(context))


def _now(rows_html) -> str:
    return f"  <tbody>\n  {rows_html}\n  </tbody>"


@pytest.fixture
def finance_client(client, demo_world):
    user = User.objects.get(username="finances.metropole")
    client.force_login(user)
    return client


def _enrich(convention, user):
    """What the demo lacks: names to escape, a printed amount that differs, an article 7 change, an avenant."""
    party = convention.parties.order_by("position").last()
    party.display_name = 'Ville <b>"A"</b> & Cie'
    party.signatory_name = "Mme <X>"
    party.signatory_capacity = "maire & présidente"
    party.approval_body = "Conseil <municipal>"
    party.approval_reference = "D-2017/1"
    party.save()
    line = convention.budget_lines.order_by("id").first()
    line.printed_amount = line.planned_amount + Decimal("0.01")
    line.save()
    state_convention = StateConvention.objects.filter(party__convention=convention).first()
    state_convention.end_date = datetime.date(2017, 12, 31)
    state_convention.save()
    ConventionStatusChange.objects.create(
        convention=convention,
        from_status=convention.status,
        to_status=convention.status,
        effective_date=None,
        reason="Motif <b>à échapper</b> & co",
        caused_by=state_convention,
        recorded_by=user,
        is_demo=True,
    )
    ConventionStatusChange.objects.create(
        convention=convention, from_status="", to_status=convention.status, effective_date=datetime.date(2017, 5, 2)
    )
    ConventionArticle.objects.create(
        convention=convention, position=99, number="Article <99>", title="Titre & co", body="Un\nDeux <b>\n\nTrois"
    )
    Amendment.objects.create(
        convention=convention, number=1, object="Avenant <n° 1>", drafted_on=datetime.date(2017, 6, 1), created_by=user
    )
    call = convention.calls_for_funds.order_by("number").first()
    Payment.objects.create(call=call, paid_on=datetime.date(2017, 6, 3), amount=Decimal("1.00"), reference="VIR <1>")


def _old_reads(convention, year, user):
    """The page's data as the view read it before (its querysets, unchanged)."""
    parties = list(
        convention.parties.select_related("organisation").prefetch_related("state_conventions").order_by("position")
    )
    funding_year = convention.funding_years.filter(year=year).first()
    lines = list(convention.budget_lines.filter(year=year).select_related("action_kind"))
    shares = (
        list(funding_year.shares.select_related("party__organisation").order_by("kind", "party__position", "id"))
        if funding_year
        else []
    )
    calls = list(
        CallForFunds.objects.with_paid()
        .filter(convention=convention, year=year)
        .select_related("convention", "party__organisation", "issuer")
        .order_by("number")
    )
    received = {}
    for call in calls:
        received[call.party_id] = received.get(call.party_id, Decimal(0)) + call.paid_total
    return {
        "convention": convention,
        "articles": convention.articles.all(),
        "parties": parties,
        "lines": lines,
        "calls": calls,
        "payments": Payment.objects.filter(call__convention=convention, call__year=year)
        .select_related("call__party__organisation")
        .order_by("paid_on", "id"),
        "history": convention.status_changes.select_related("recorded_by", "caused_by__party__organisation"),
        "panel": services.panel_for(funding_year, lines, shares) if funding_year else None,
        "execution": services.execution_for(year, lines, shares, received) if funding_year else None,
        "evolutions": services.evolutions_for(convention),  # its own reads: every share joined to its year
        "year": year,
        "today": timezone.localdate(),
    }


@pytest.mark.parametrize(("reference", "year"), [(demo.REF_2017, 2017), (demo.REF_CPO, 2025), (demo.REF_CPO, 2026)])
def test_page_holds_the_old_loops_bytes(finance_client, reference, year):
    user = User.objects.get(username="finances.metropole")
    convention = Convention.objects.get(reference=reference)
    if reference == demo.REF_2017:
        _enrich(convention, user)
    page = finance_client.get(reverse("funding:convention_detail", args=[convention.pk]) + f"?annee={year}")
    assert page.status_code == 200
    html = page.content.decode()
    old = _old_reads(convention, year, user)
    assert page.context["can_change"]
    loops = (PARTIES, LINES, CALLS, PAYMENTS, HISTORY, YEARS, ARTICLES)
    loops += (SERIES,) if len(convention.years) > 1 else ()
    for loop in loops:
        assert _render(loop, can_change=True, **old) in html, loop[:40]
    if old["panel"] is not None:
        assert _render(SPLIT, **old) in html
        assert _render(CHARGES, **old) in html and _render(RESOURCES, **old) in html
    if reference == demo.REF_2017:  # what the enriched convention shows, as a reader sees it too
        assert "article 7</span>" in html and "Ville &lt;b&gt;&quot;A&quot;&lt;/b&gt; &amp; Cie" in html
        assert "Avenant n° 1" in html and "VIR &lt;1&gt;" in html and "verdict-differs" in html


@pytest.mark.parametrize("can_change", [True, False])
def test_rows_are_the_loops_bytes_with_and_without_the_right_to_change(demo_world, can_change):
    user = User.objects.get(username="finances.metropole")
    convention = Convention.objects.get(reference=demo.REF_2017)
    _enrich(convention, user)
    old = _old_reads(convention, 2017, user)
    assert _now(rows.party_rows(old["parties"], can_change)) == _render(PARTIES, can_change=can_change, **old)
    assert _now(rows.history_rows(list(old["history"]))) == _render(HISTORY, **old)
    assert _now(rows.payment_rows(list(old["payments"]))) == _render(PAYMENTS, **old)
    assert _now(rows.call_rows(old["calls"], 2017, old["today"])) == _render(CALLS, **old)


def test_empty_tables_say_so_as_before():
    empty = {
        "parties": [],
        "lines": [],
        "calls": [],
        "payments": [],
        "history": [],
        "year": 2031,
        "today": datetime.date(2031, 1, 1),
        "panel": {"shares": []},
        "execution": {"charges": [], "resources": []},
        "evolutions": {"series": []},
    }
    assert _now(rows.party_rows([], True)) == _render(PARTIES, can_change=True, **empty)
    assert _now(rows.budget_line_rows([])) == _render(LINES, **empty)
    assert _now(rows.call_rows([], 2031, empty["today"])) == _render(CALLS, **empty)
    assert _now(rows.payment_rows([])) == _render(PAYMENTS, **empty)
    assert _now(rows.history_rows([])) == _render(HISTORY, **empty)
    assert _now(rows.split_rows([])) == _render(SPLIT, **empty)
    assert _now(rows.charge_rows([])) == _render(CHARGES, **empty)
    assert _now(rows.resource_rows([])) == _render(RESOURCES, **empty)
    assert _now(rows.evolution_series_rows([])) == _render(SERIES, **empty)
    assert rows.article_details([]) == _render(ARTICLES, **empty).removeprefix('<h2 id="articles">Articles</h2>\n')


def test_the_shares_read_once_give_the_evolutions_read_apart(demo_world):
    convention = Convention.objects.get(reference=demo.REF_CPO)
    parties = list(convention.parties.select_related("organisation").order_by("position"))
    years = list(convention.funding_years.order_by("year"))
    by_id = {fy.pk: fy for fy in years}
    shares = list(FundingShare.objects.filter(funding_year__convention=convention))
    for share in shares:
        share.funding_year = by_id[share.funding_year_id]
    assert services.evolutions_for(convention, parties, years, shares) == services.evolutions_for(convention)
