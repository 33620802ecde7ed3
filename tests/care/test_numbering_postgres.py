"""Gapless invoice numbering per psychologist and year under concurrent requests (PostgreSQL pass only)."""

import datetime

import pytest
from django.db import connection

from reussite.care.models import CareInvoice
from reussite.care.services import build_invoice, issue_invoice, record_session, refer_to_psychologist
from reussite.core.numbering import last_number
from tests.governance.test_numbering_postgres import run_concurrently

D = datetime.date


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_invoice_issues_are_numbered_gapless(transactional_db, care):
    psy_user = care["psy"].user
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 20, D(2017, 1, 16))
    for month in range(1, 9):
        record_session(psy_user, referral, D(2017, month, 20), 60, "child", "attended")
    drafts = [build_invoice(psy_user, care["psy"], 2017, month) for month in range(1, 9)]
    errors = run_concurrently(lambda invoice: issue_invoice(psy_user, invoice, D(2017, 12, 1)), drafts)
    assert connection.vendor == "postgresql"
    assert not errors, errors
    numbers = sorted(CareInvoice.objects.filter(psychologist=care["psy"]).values_list("number", flat=True))
    assert numbers == list(range(1, 9))
    assert last_number("care.invoice", care["psy"].pk, 2017) == 8
