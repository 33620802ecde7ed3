"""``/api/v1/care-referrals/`` and ``/api/v1/care-sessions/``: scoped, the name only for those who may
see it (logged), codes for the métropole; the invoice gives the URL of its PDF."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from reussite.audit.models import AccessLog
from reussite.care.services import build_invoice, record_session, refer_to_psychologist
from reussite.parcours.models import Child
from tests.care.test_quota import second_child
from tests.factories import UserFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def referral(care):
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 4, D(2017, 3, 1))
    record_session(care["psy"].user, referral, D(2017, 3, 6), 45, "child", "attended")
    record_session(care["psy"].user, referral, D(2017, 3, 13), 45, "parents", "missed")
    return referral


def test_referrals_name_the_child_for_the_psychologist_and_the_coordination_only(client, care, referral):
    child = care["child"]
    for user in (care["psy"].user, care["coordinator"]):
        client.force_login(user)
        data = client.get("/api/v1/care-referrals/").json()
        [row] = data["results"]
        assert row["first_name"] == child.first_name and row["last_name"] == child.last_name
        assert row["child_code"] == child.code and row["consumed_hours"] == "0.75" and row["year"] == 2017
    log = AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(Child), object_id=child.pk)
    assert set(log.values_list("user", flat=True)) == {care["psy"].user.pk, care["coordinator"].pk}
    client.force_login(care["metropole"])
    [row] = client.get("/api/v1/care-referrals/").json()["results"]
    assert "first_name" not in row and "last_name" not in row and row["child_code"] == child.code
    detail = client.get(f"/api/v1/care-referrals/{referral.pk}/")
    assert detail.status_code == 200 and child.last_name not in detail.content.decode()
    client.force_login(UserFactory())
    assert client.get(f"/api/v1/care-referrals/{referral.pk}/").json() == {"detail": "Non trouvé."}
    assert client.get("/api/v1/care-referrals/").json()["count"] == 0


def test_sessions_carry_codes_and_attendance(client, care, referral):
    client.force_login(care["coordinator"])
    rows = client.get("/api/v1/care-sessions/", {"attendance": "missed"}).json()["results"]
    assert [(r["child_code"], r["with_whom"], r["attendance"]) for r in rows] == [
        (care["child"].code, "parents", "missed")
    ]
    assert care["child"].last_name not in client.get("/api/v1/care-sessions/").content.decode()
    assert client.get("/api/v1/care-sessions/", {"referral": "abc"}).status_code == 400


def test_an_invoice_gives_the_url_of_its_pdf(client, care, referral):
    invoice = build_invoice(care["psy"].user, care["psy"], 2017, 3)
    client.force_login(care["metropole"])
    row = client.get(f"/api/v1/care-invoices/{invoice.pk}/").json()
    assert row["pdf_url"] == f"http://testserver/soutien-psychologique/factures/{invoice.pk}/facture.pdf"
    assert client.get(row["pdf_url"]).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/care-referrals/", "/api/v1/care-sessions/"])
def test_api_lists_cost_the_same_queries_for_1_and_50_rows(client, care, url):
    state = {"n": 0}

    def grow(n):
        while state["n"] < n:
            state["n"] += 1
            referral = refer_to_psychologist(
                care["coordinator"], second_child(care, f"Enfant{state['n']}"), care["psy"], 1, D(2017, 2, 1)
            )
            record_session(care["psy"].user, referral, D(2017, 2, 2), 30, "child", "attended")

    client.force_login(care["psy"].user)
    assert_constant_queries(client, url, grow, 16)


def test_invoice_lines_list_as_the_serializer_writes_each_line():
    """``PlainRows`` (the invoice lines' list) gives the dicts ``Serializer.to_representation`` does."""
    import datetime
    from decimal import Decimal

    from reussite.care.api import CareInvoiceLineSerializer
    from reussite.care.models import CareInvoiceLine

    lines = [
        CareInvoiceLine(child_code="E-<1>", date=datetime.date(2024, 2, 29), duration_minutes=45, amount=Decimal("50")),
        CareInvoiceLine(
            child_code="=E2", date=datetime.date(2026, 12, 1), duration_minutes=30, amount=Decimal("1.005")
        ),
    ]
    listed = CareInvoiceLineSerializer(lines, many=True).data
    assert [dict(d) for d in listed] == [dict(CareInvoiceLineSerializer(line).data) for line in lines]
    assert listed[0] == {"child_code": "E-<1>", "date": "2024-02-29", "duration_minutes": 45, "amount": "50.00"}
