"""The accessibility check itself: a page with known faults must fail it (no false green)."""

import pytest

from .conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

FAULTY = """<!DOCTYPE html><html lang="fr"><head><title>Défauts</title></head><body><main>
<h1>Défauts connus</h1>
<img src="data:,">
<p style="color: #bbb; background: #fff">Texte trop pâle</p>
<label>Nom</label><input type="text">
</main></body></html>"""


def test_axe_check_reports_known_faults(browser):
    page = browser.new_page()
    try:
        page.set_content(FAULTY)
        with pytest.raises(pytest.fail.Exception) as failure:
            assert_no_axe_violations(page)
    finally:
        page.close()
    report = str(failure.value)
    for rule in ("image-alt", "color-contrast", "label"):
        assert f"- {rule} (" in report, report
    assert "img" in report  # the offending element is named
