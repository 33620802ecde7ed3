"""Browser fixtures: one Debian Chromium per session, driven by Playwright's sync API.

Tests use pytest-django's ``live_server``; pages are reached through ``page`` (a fresh browser context
per test, so cookies never leak from one test to the next). No browser is ever downloaded: Chromium
comes from the system (``REUSSITE_CHROMIUM``, default /usr/bin/chromium); tests/conftest.py skips,
or fails under REUSSITE_STRICT=1, when it is missing.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from reussite.accounts.demo import DEMO_PASSWORD
from tests.conftest import CHROMIUM

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium keeps trying to reach Google services and is slow on a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000  # generous: CI and shared machines can be slow; a passing test never waits for it
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for all browser tests (package scope: it stops after the last of them)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium (tests/conftest.py decides whether this may be skipped)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Snapshots of the test databases, taken by pytest-django for serialized_rollback (see below).
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop running in this thread. Django then refuses
        # database access from it (SynchronousOnlyOperation) unless told it is safe: it is, the test
        # code stays synchronous.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # With a running loop, Django also keeps connections in context-local storage: fresh
        # connection objects, without the snapshot that serialized_rollback restores after each
        # flush. Hand the snapshots over, or data created by migrations vanishes after the first test.
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp: our pages send "script-src 'self'", which would block axe-core injected by the tests.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def login(page, username, password=DEMO_PASSWORD, second_factor=True):
    """Sign in through the real form, as a person would; when the second factor is asked, type the
    code the user's authenticator app shows now (unless ``second_factor`` is False)."""
    page.goto("/comptes/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    # The form posts to the same URL on failure: wait for the navigation, not for a URL.
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    if not second_factor:
        return
    if "/second-facteur/verification/" in page.url:
        page.get_by_label("Code de vérification").fill(authenticator_code(username))
        with page.expect_navigation():
            page.get_by_role("button", name="Valider").click()
    elif "/second-facteur/activation/" in page.url:
        # First sign-in of an account without an app yet: enrol one, then go past the recovery codes.
        from base64 import b32decode

        from django_otp.oath import totp

        secret = page.locator("#secret code").inner_text().replace(" ", "")
        page.get_by_label("Code de vérification").fill(f"{totp(b32decode(secret)):06d}")
        with page.expect_navigation():
            page.get_by_role("button", name="Activer").click()
        with page.expect_navigation():
            page.get_by_role("link", name="J'ai conservé mes codes, continuer").click()


def authenticator_code(username):
    """The code the user's authenticator app shows now (demo accounts use the README's demo secret)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reussite.accounts.second_factor import current_code

    return current_code(TOTPDevice.objects.get(user__username=username, confirmed=True))


_AXE_SOURCE = None


def _axe_source():
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        import axe_playwright_python

        _AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    return _AXE_SOURCE


def axe_violations(page, skip_rules=()):
    """Run axe-core (WCAG 2.1 A and AA rules) on the current page and return its violations."""
    page.add_script_tag(content=_axe_source())
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "rules": {rule: {"enabled": False} for rule in skip_rules},
        "resultTypes": ["violations"],
    }
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = "; ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:])
            lines.append(f"    {target}: {summary}".rstrip(": "))
    return "\n".join(lines)


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    if violations:
        pytest.fail(f"axe-core violations on {page.url}:\n{format_violations(violations)}")


def horizontal_overflow(page):
    """Elements sticking out of the viewport, other than inside a table's own scroll container."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-scroll'))
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
        }"""
    )
