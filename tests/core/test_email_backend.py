"""Outside debug mode, the platform refuses to start without an explicit e-mail back end: the
console back end would print password-reset links and addresses to the process log."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("REUSSITE_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "reussite.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_wsgi_refuses_to_start_without_email_backend_when_debug_is_off():
    result = _run("import reussite.wsgi", REUSSITE_DEBUG="0")
    assert result.returncode != 0
    assert "REUSSITE_EMAIL_BACKEND n'est pas défini" in result.stderr


def test_wsgi_starts_with_an_explicit_backend_or_in_debug_mode():
    explicit = _run(
        "import reussite.wsgi; from django.conf import settings; print(settings.EMAIL_BACKEND)",
        REUSSITE_DEBUG="0",
        REUSSITE_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    assert explicit.returncode == 0, explicit.stderr
    assert explicit.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
    debug = _run(
        "import reussite.wsgi; from django.conf import settings; print(settings.EMAIL_BACKEND)", REUSSITE_DEBUG="1"
    )
    assert debug.returncode == 0, debug.stderr
    assert debug.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_deploy_check_fails_without_email_backend():
    check = "from django.core.management import call_command; call_command('check', '--deploy')"
    code = f"import django; django.setup(); {check}"
    missing = _run(code, REUSSITE_DEBUG="0")
    assert missing.returncode != 0
    assert "reussite.E001" in missing.stderr
    given = _run(code, REUSSITE_DEBUG="0", REUSSITE_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
    assert "reussite.E001" not in given.stderr + given.stdout


@pytest.mark.django_db
def test_unconfigured_backend_sends_and_prints_nothing(settings, capsys):
    from django.core.exceptions import ImproperlyConfigured
    from django.core.mail import send_mail

    settings.EMAIL_BACKEND = "reussite.core.mail.UnconfiguredEmailBackend"
    with pytest.raises(ImproperlyConfigured):
        send_mail("Réinitialisation", "https://exemple/reset/abc", "a@exemple.fr", ["b@exemple.fr"])
    assert "reset" not in capsys.readouterr().out
