"""Amounts typed the French way are read everywhere an amount is typed; bounds are written the French way."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reussite.core.forms import AmountField
from reussite.funding.forms import AllocationForm, BudgetLineForm, FundingYearForm, PaymentForm, ShareForm
from reussite.funding.models import Payment
from tests.funding.factories import make_convention

TYPED = {
    "2 000": Decimal("2000"),
    "2 000,00 €": Decimal("2000.00"),
    "1 000,00": Decimal("1000.00"),
    "2\u00a0000,50\u00a0€": Decimal("2000.50"),
    "2\u202f000,50 €": Decimal("2000.50"),
    "12 345 678,9": Decimal("12345678.9"),
    "1.5": Decimal("1.5"),
}


@pytest.mark.parametrize(("typed", "expected"), TYPED.items())
def test_amount_field_reads_what_french_users_type(typed, expected):
    assert AmountField().clean(typed) == expected


@pytest.mark.parametrize("typed", ["deux mille", "2 000 $", "1,2,3"])
def test_amount_field_still_refuses_what_is_not_a_number(typed):
    with pytest.raises(Exception, match="nombre"):
        AmountField().clean(typed)


def test_bounds_are_written_with_a_decimal_comma():
    form = PaymentForm({"amount": "0", "paid_on": "2025-05-01"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Montant : la valeur doit être supérieure ou égale à 0,01."]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["2 000", "2 000,00 €", "1 000,00", "2\u00a0000,00\u00a0€", "2\u202f000,00\u202f€"])
def test_every_money_form_accepts_french_amounts(typed, world):
    expected = Decimal(typed.replace("€", "").translate({0x20: None, 0xA0: None, 0x202F: None}).replace(",", "."))
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    party = convention.parties.first()
    forms = [
        (PaymentForm({"amount": typed, "paid_on": "2025-05-01"}), ["amount"]),
        (AllocationForm({"amount": typed}, party=party), ["amount"]),
        (ShareForm({"kind": "contribution", "fixed_amount": typed, "printed_amount": typed}, party=party), None),
        (
            FundingYearForm(
                {"total_cost": typed, "shared_total": typed, "key_kind": "percent", "printed_total_cost": typed}
            ),
            ["total_cost", "shared_total", "printed_total_cost"],
        ),
        (BudgetLineForm({"label": "x", "position": 1, "planned_amount": typed, "actual_amount": typed}), None),
    ]
    for form, names in forms:
        form.is_valid()
        for name in names or [n for n in form.fields if n.endswith("amount")]:
            if form.data.get(name):
                assert name not in form.errors, (type(form).__name__, form.errors)
                assert form.cleaned_data[name] == expected


@pytest.mark.django_db
def test_payment_typed_as_french_users_type_is_recorded(client, world):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    call = convention.calls_for_funds.get()
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:payment_create", args=[call.pk]), {"amount": "900,00\u00a0€", "paid_on": "2025-05-01"}
    )
    assert response.status_code == 302, response.content.decode()
    assert Payment.objects.get().amount == Decimal("900.00")
