"""A refused attendance marks the row of the member it names, and the summary links to it."""

import re

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from tests.governance.factories import board, sitting

pytestmark = pytest.mark.django_db


def row_of(page: str, member) -> str:
    start = page.index(f'id="status-{member.pk}"')
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def test_the_offending_row_is_marked(client, world):
    client.force_login(world.user(Role.BOARD_SECRETARY))
    body, members = board(world.carrier, size=5)
    a, b, c, d, e = members
    item = sitting(body, members, subjects=("Un",)).items.get()
    # d is noted represented by e, who is absent (a holder must be present): refused, d's row says why.
    # (A proxy whose holder the document does not name is accepted: as printed.)
    response = client.post(
        reverse("governance:attendance", args=[item.pk]),
        {
            f"status-{a.pk}": "present",
            f"status-{b.pk}": "present",
            f"status-{c.pk}": "present",
            f"status-{d.pk}": "represented",
            f"holder-{d.pk}": str(e.pk),
            f"status-{e.pk}": "absent",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400  # refused, the form shown again
    marked = row_of(page, d)
    assert 'class="row-error"' in marked
    assert f'aria-describedby="row-error-{d.pk}"' in marked and 'aria-invalid="true"' in marked
    assert re.search(rf'id="row-error-{d.pk}">Représenté par : [^<]*{re.escape(d.short_label)}', marked)
    for other in (a, b, c):  # e, the absent holder the message names, may be marked too
        assert "row-error" not in row_of(page, other)
    assert f'<a href="#holder-{d.pk}">Représenté par' in page
