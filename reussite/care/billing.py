"""Invoice amounts from sessions and dated rates (pure)."""

import bisect
import datetime
from dataclasses import dataclass
from decimal import Decimal

from reussite.core.money import round_cent

PAYMENT_DELAY_DAYS = 30  # legal payment delay of public bodies (Code de la commande publique, R. 2192-10)
VAT_MENTION = "TVA non applicable, article 261-4-1° du code général des impôts (soins dispensés par un psychologue)."


@dataclass(frozen=True)
class Rate:
    valid_from: datetime.date
    unit: str  # "session" or "hour"
    amount: Decimal


def rate_for(rates: list[Rate], day: datetime.date) -> Rate | None:
    """The rate in force on ``day``: the latest one started on or before it."""
    ordered = sorted(rates, key=lambda r: r.valid_from)
    index = bisect.bisect_right([r.valid_from for r in ordered], day)
    return ordered[index - 1] if index else None


def session_amount(rate: Rate, duration_minutes: int) -> Decimal:
    if rate.unit == "session":
        return rate.amount
    return round_cent(rate.amount * Decimal(duration_minutes) / Decimal(60))


def due_date(issued_on: datetime.date) -> datetime.date:
    return issued_on + datetime.timedelta(days=PAYMENT_DELAY_DAYS)
