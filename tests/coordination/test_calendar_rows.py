"""The calendar list's rows are written in Python (``rows.calendar_rows``): the same bytes as the
template loop they replaced, escaping included."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import mark_safe

from reussite.accounts.models import Role
from reussite.coordination import services
from reussite.coordination.rows import calendar_rows
from reussite.core.links import detail_url

from .factories import event

# The loop of templates/coordination/calendar.html before it was written in Python.
TEMPLATE_LOOP = (
    "  <tbody>\n"
    "  {% for e in page %}\n"
    '  <tr><td>{{ e.date|date:"d/m/Y" }}</td><td>{{ e.start_time|time:"H:i" }}–{{ e.end_time|time:"H:i" }}</td>'
    "<td>{{ e.kind.label }}</td>\n"
    "      <td><a href=\"{% url 'coordination:event_detail' e.pk %}\">{{ e.title }}</a>"
    "{% if e.is_cancelled %} <strong>(annulé)</strong>{% endif %}"
    '{% if e.is_demo %} <span class="muted small">(démo)</span>{% endif %}</td><td>{{ e.place }}</td>'
    '<td class="num">{{ e.invited }}</td><td class="num">{{ e.replied_yes }}</td>'
    '<td class="num">{{ e.replied_no }}</td><td class="num">{{ e.present }}</td></tr>\n'
    '  {% empty %}<tr><td colspan="9">Aucun événement.</td></tr>{% endfor %}\n'
    "  </tbody>"
)
NOW = """  <tbody>
  {{ rows }}
  </tbody>"""


def _event(pk, **kw):
    values = {
        "pk": pk,
        "date": datetime.date(2017, 3, 4),
        "start_time": datetime.time(9, 5),
        "end_time": datetime.time(12, 0),
        "kind": SimpleNamespace(label="Échange de pratiques"),
        "title": "Échange",
        "is_cancelled": False,
        "is_demo": False,
        "place": "",
        "invited": 0,
        "replied_yes": 0,
        "replied_no": 0,
        "present": 0,
    }
    return SimpleNamespace(**{**values, **kw})


@pytest.mark.parametrize(
    "events",
    [
        [],
        [_event(1)],
        [
            _event(7, title='<script>alert("x")</script> & co', place="Salle « A » <b>", is_cancelled=True),
            _event(12345, is_demo=True, is_cancelled=True, invited=1234, replied_yes=12, replied_no=3, present=9),
            _event(8, kind=SimpleNamespace(label="<i>Type</i>"), title=mark_safe("<em>sûr</em>"), place=None),
        ],
    ],
)
def test_rows_are_the_template_loop_bytes(events):
    expected = Template("{% load static %}" + TEMPLATE_LOOP).render(Context({"page": events}))
    rows = calendar_rows(events, detail_url("coordination:event_detail"))
    assert Template(NOW).render(Context({"rows": rows})) == expected


@pytest.mark.django_db
def test_calendar_page_escapes_titles_and_flags_cancelled_events(client, world):
    event(world, title="<script>x</script> & co", day=datetime.date(2017, 3, 14))
    cancelled = event(world, title="Information", day=datetime.date(2017, 3, 21), kind="information")
    services.cancel_event(cancelled, "Report")
    client.force_login(world.user(Role.READER))
    body = client.get(reverse("coordination:calendar")).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co</a></td>" in body and "<script>x" not in body
    link = reverse("coordination:event_detail", args=[cancelled.pk])
    assert f'<a href="{link}">Information</a> <strong>(annulé)</strong></td>' in body


@pytest.mark.django_db
def test_page_figures_are_the_joined_figures(world):
    from reussite.coordination.models import Event, Invitation
    from reussite.coordination.views import ATTENDANCE_FIGURES, PAGE_ATTENDANCE_FIGURES

    R = Invitation.Reply
    busy, _empty = event(world, title="Avec invités"), event(world, title="Sans invités")
    for n, (reply, attended) in enumerate([(R.YES, True), (R.YES, None), (R.NO, False), (R.PENDING, None)]):
        Invitation.objects.create(
            event=busy,
            full_name=f"Personne {n}",
            email=f"p{n}@example.org",
            organisation=world.carrier,
            programme=world.programme,
            reply=reply,
            attended=attended,
        )

    def figures(annotations):
        return [
            (e.pk, e.invited, e.replied_yes, e.replied_no, e.present)
            for e in Event.objects.annotate(**annotations).order_by("pk")
        ]

    assert figures(PAGE_ATTENDANCE_FIGURES) == figures(ATTENDANCE_FIGURES)
    assert (busy.pk, 4, 2, 1, 1) in figures(PAGE_ATTENDANCE_FIGURES)
