"""ColumnsModelChoiceField: the same options as a ModelChoiceField, read in one query of the label's columns."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reussite.core.forms import ColumnsModelChoiceField, FastSelect
from reussite.territory.models import Programme

pytestmark = pytest.mark.django_db


def _forms(queryset):
    class Light(forms.Form):
        p = ColumnsModelChoiceField(queryset=queryset, widget=FastSelect, label_fields=("name",))

    class Plain(forms.Form):
        p = forms.ModelChoiceField(queryset=queryset, widget=FastSelect)

    for form in (Light, Plain):
        form.base_fields["p"].label_from_instance = lambda p: f"<{p.name}> & co"
    return Light, Plain


def test_same_options_one_query_of_the_label_columns(world):
    Light, Plain = _forms(Programme.objects.order_by("name"))
    with CaptureQueriesContext(connection) as queries:
        html = str(Light(initial={"p": world.programme.pk})["p"])
    assert html == str(Plain(initial={"p": world.programme.pk})["p"])
    assert "&lt;" in html and f'value="{world.programme.pk}" selected' in html
    (query,) = queries.captured_queries
    assert '"age_min"' not in query["sql"] and '"name"' in query["sql"]


def test_validation_returns_the_whole_row(world):
    Light, _ = _forms(Programme.objects.all())
    form = Light({"p": str(world.programme.pk)})
    assert form.is_valid()
    assert not form.cleaned_data["p"].get_deferred_fields()
    assert not Light({"p": "0"}).is_valid()
