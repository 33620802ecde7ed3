"""Pure helpers on identities: matching tolerant to accents and case, pseudonymous codes, ages."""

import datetime
import secrets
import unicodedata

# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def normalize(text: str) -> str:
    """Lower case, without accents, hyphens or repeated spaces: « Éloïse-Marie » → « eloise marie »."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    cleaned = "".join(c if c.isalnum() else " " for c in bare)
    return " ".join(cleaned.split())


def match_key(first_name: str, last_name: str, birth_date: datetime.date) -> str:
    """Same child for duplicate detection: same names (accents, case and hyphens aside) and birth date."""
    return f"{normalize(last_name)}|{normalize(first_name)}|{birth_date.isoformat()}"


def new_code() -> str:
    """A pseudonymous code drawn at random: it says nothing of the name and never changes."""
    return "E-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in completed years on ``day`` (a child born on 29 February ages on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Completed months from ``start`` to ``end`` (0 when ``end`` is before ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(0, months)


# Age bands of the State's annual survey.
AGE_BANDS = [
    ("2-5", "2–5 ans", 2, 5),
    ("6-10", "6–10 ans", 6, 10),
    ("11-16", "11–16 ans", 11, 16),
    ("17+", "17 ans et plus", 17, None),
]


def age_band(age: int) -> str | None:
    for code, _label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return None


def birth_dates_for_band(code: str, today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """(earliest, latest) birth dates of children whose age today is in the band ``code``."""
    for band, _label, low, high in AGE_BANDS:
        if band == code:
            latest = _years_before(today, low)
            earliest = None if high is None else _years_before(today, high + 1) + datetime.timedelta(days=1)
            return earliest, latest
    raise ValueError(code)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
