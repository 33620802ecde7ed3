"""Issue 12: at 320 CSS pixels no page is wider than the screen (the convention page was 1 145 px wide).
Measured as the user meets it: the document's scrollWidth, wide tables scrolling in their own box."""

import pytest
from django.urls import reverse

from reussite.funding import demo as funding_demo
from reussite.funding.models import CallForFunds, Convention
from reussite.governance.models import Deliberation

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]

WIDTH = 320


def _main_pages():
    convention = Convention.objects.get(reference=funding_demo.REF_2017)
    cpo = Convention.objects.get(reference=funding_demo.REF_CPO)
    call = CallForFunds.objects.filter(convention=convention).first()
    pages = {
        "accueil": "/",
        "conventions": "/conventions/",
        "convention 2017": f"/conventions/{convention.pk}/",
        "convention CPO": f"/conventions/{cpo.pk}/",
        "nouvelle convention": "/conventions/nouvelle/",
        "appels de fonds": "/conventions/appels-de-fonds/",
        "organisations": "/territoires/organisations/",
    }
    if call:
        pages["appel de fonds"] = f"/conventions/appels-de-fonds/{call.pk}/"
    deliberation = Deliberation.objects.first()
    pages["registres"] = reverse("governance:body_list")
    if deliberation:
        pages["délibération"] = reverse("governance:deliberation_detail", args=[deliberation.pk])
    return pages


def test_no_page_is_wider_than_a_320px_screen(page):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    login(page, "finances.metropole")
    pages = _main_pages()
    failures = []
    for name, path in pages.items():
        response = page.goto(path)
        if response.status != 200:
            failures.append(f"{name} ({path}): HTTP {response.status}")
            continue
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > WIDTH:
            culprits = page.evaluate(
                """(w) => [...document.body.querySelectorAll('*')]
                    .filter(e => e.getBoundingClientRect().right > w + 1
                        && e.parentElement.getBoundingClientRect().right <= w + 1)
                    .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
                WIDTH,
            )
            failures.append(f"{name} ({path}): {width} px — {', '.join(culprits)}")
    assert not failures, "\n".join(failures)
