"""UI strings are French literals (docs/coding-style.md, "UI strings"): no translation layer of our own.

Django's catalogue is still used for Django's and DRF's own messages (USE_I18N with LANGUAGE_CODE
"fr"), but our code neither marks strings for translation nor negotiates a language.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent / "reussite"
# Reuses a third party's own message, translated by its catalogue (the same answer as DRF's).
THIRD_PARTY_MESSAGES = {"accounts/authentication.py"}
TRANSLATION_IMPORT = re.compile(r"from django\.utils\.translation import|\{% *load i18n|\{% *(block)?trans ")


def test_no_language_negotiation_and_no_locale_folder():
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    assert not getattr(settings, "LOCALE_PATHS", [])
    assert settings.LANGUAGE_CODE == "fr"


def test_our_strings_are_french_literals():
    offenders = []
    for path in [*ROOT.rglob("*.py"), *(ROOT.parent / "templates").rglob("*.html")]:
        relative = path.relative_to(ROOT).as_posix() if ROOT in path.parents else path.name
        if "migrations" in path.parts or relative in THIRD_PARTY_MESSAGES:
            continue
        if TRANSLATION_IMPORT.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path))
    assert not offenders, f"translation markers in: {offenders}"
