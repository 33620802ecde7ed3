"""Every page of the funding app renders for the finance officer of the demo world."""

import pytest
from django.urls import reverse

from reussite.accounts.models import User
from reussite.funding import demo
from reussite.funding.models import CallForFunds, Convention, StateConvention

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_client(client, demo_world):
    client.force_login(User.objects.get(username="finances.metropole"))
    return client


def test_pages_render(finance_client):
    c2017 = Convention.objects.get(reference=demo.REF_2017)
    cpo = Convention.objects.get(reference=demo.REF_CPO)
    call = CallForFunds.objects.filter(convention=c2017).first()
    party = c2017.parties.first()
    sc = StateConvention.objects.first()
    urls = [
        reverse("funding:convention_list"),
        reverse("funding:convention_create"),
        reverse("funding:convention_detail", args=[c2017.pk]),
        reverse("funding:convention_detail", args=[cpo.pk]) + "?annee=2025",
        reverse("funding:convention_edit", args=[cpo.pk]),
        reverse("funding:articles_edit", args=[c2017.pk]),
        reverse("funding:convention_status", args=[cpo.pk]),
        reverse("funding:party_add", args=[cpo.pk]),
        reverse("funding:party_edit", args=[party.pk]),
        reverse("funding:state_convention_add", args=[c2017.pk]),
        reverse("funding:state_convention_status", args=[sc.pk]),
        reverse("funding:lines_edit", args=[c2017.pk, 2017]),
        reverse("funding:funding_edit", args=[c2017.pk, 2017]),
        reverse("funding:funding_edit", args=[cpo.pk, 2024]),
        reverse("funding:calls_issue", args=[c2017.pk, 2017]),
        reverse("funding:call_list"),
        reverse("funding:overdue_list"),
        reverse("funding:call_detail", args=[call.pk]),
        reverse("funding:payment_create", args=[call.pk]),
    ]
    for url in urls:
        response = finance_client.get(url)
        assert response.status_code == 200, url


def test_call_pdf(finance_client):
    call = CallForFunds.objects.get(number_year=2017, number=3)
    response = finance_client.get(reverse("funding:call_pdf", args=[call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="appel-de-fonds-2017-003.pdf"'
    assert response.content.startswith(b"%PDF")
