"""The interactive API documentation renders under the site's Content-Security-Policy (no inline script)."""

import pytest
from playwright.sync_api import expect

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .conftest import TIMEOUT_MS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_swagger_ui_renders_with_the_csp_enforced(browser, live_server):
    user = UserFactory(username="lecteur.api")
    user.set_password("mot-de-passe-de-test-long")
    user.save()
    MembershipFactory(user=user, organisation=OrganisationFactory(kind="metropole"), role="reader")
    # Unlike the `page` fixture, the CSP is NOT bypassed here: that is what this test is about.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    try:
        login(page, "lecteur.api", password="mot-de-passe-de-test-long")
        response = page.goto("/api/v1/docs/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("API Réussite")
        expect(page.locator(".opblock").first).to_be_visible()
        # Swagger UI's own inline styles (syntax highlighting) are refused too; the page does not need them.
        assert [v for v in violations if "script" in v.lower()] == []
    finally:
        context.close()
