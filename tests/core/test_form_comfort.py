"""Forms tell which fields are required (a star for the eye, `required` for screen readers), name the fields in their
error summary, link each message to its field, and agree participles with the member."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.funding.factories import make_convention
from tests.governance.factories import board, sitting

pytestmark = pytest.mark.django_db


def test_required_fields_are_marked_and_errors_named_and_linked(client, world):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    call = convention.calls_for_funds.get()
    client.force_login(world.user("finance_officer"))
    html = client.post(reverse("funding:payment_create", args=[call.pk]), {"amount": ""}).content.decode()
    # a star for the eye (hidden from screen readers, which announce the input's `required`)
    label = re.search(r'<label for="id_amount">(.*?)</label>', html).group(1)
    assert 'aria-hidden="true">*</span>' in label
    assert re.search(r'<input[^>]*name="amount"[^>]*required', html)
    reference = re.search(r'<label for="id_reference">(.*?)</label>', html).group(1)
    assert "*" not in reference
    summary = html.split('class="form-errors"')[1].split("</ul>")[0]
    assert "Montant : " in summary and "Date de paiement : " in summary
    # the input's aria-describedby points at an element that exists
    described = re.search(r'id="id_amount"|aria-describedby="([^"]+)"', html)
    assert 'aria-describedby="id_amount_error"' in html and 'id="id_amount_error"' in html, described


def test_summary_names_a_field_whose_form_does_not_prefix_its_errors():
    rendered = Template("{% load fr %}{{ e|named_error:label }}|{{ f|named_error:label }}").render(
        Context({"e": "Ce champ est obligatoire.", "f": "Date : déjà nommé.", "label": "Date"})
    )
    assert rendered == "Date : Ce champ est obligatoire.|Date : déjà nommé."


def test_attendance_form_agrees_with_a_woman(client, world):
    body, members = board(world.carrier)
    item = sitting(body, members).items.get()
    client.force_login(world.user("board_secretary"))
    html = client.get(reverse("governance:attendance", args=[item.pk])).content.decode()
    woman = next(m for m in members if m.is_female)
    man = next(m for m in members if not m.is_female)
    assert f"{woman.short_label} représentée par" in html
    assert f"{man.short_label} représenté par" in html
    row = html.split(f'id="status-{woman.pk}"')[1].split("</select>")[0]
    assert ">représentée</option>" in row and ">présente</option>" in row and ">excusée</option>" in row
