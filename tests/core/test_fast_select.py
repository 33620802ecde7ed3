"""FastSelect writes exactly what Django's select templates write."""

from django import forms

from reussite.core.forms import FastSelect

CHOICES = [
    ("", "---------"),
    (1, "Convention <A> & « B »"),
    (2, 'Guillemets "doubles"'),
    ("Groupe <1>", [(3, "Trois"), (4, "Quatre")]),
    (5, None),
]


def both(name, value, attrs=None, choices=CHOICES, **kwargs):
    fast = FastSelect(attrs=attrs, choices=choices, **kwargs).render(name, value)
    django = forms.Select(attrs=attrs, choices=choices, **kwargs).render(name, value)
    return fast, django


def test_same_html_as_django_templates():
    for value in (None, "", 1, "3", [4]):
        for attrs in (None, {"id": "id_x", "required": True, "disabled": False, "data-n": 7, "aria-x": 'a"b'}):
            fast, django = both("convention", value, attrs)
            assert fast == django


def test_same_html_for_a_model_choice_field_and_a_multiple_select():
    class F(forms.Form):
        a = forms.ChoiceField(choices=CHOICES[1:3], widget=FastSelect, required=False)
        b = forms.MultipleChoiceField(choices=CHOICES[1:3], widget=forms.SelectMultiple)

    class G(forms.Form):
        a = forms.ChoiceField(choices=CHOICES[1:3], required=False)
        b = forms.MultipleChoiceField(choices=CHOICES[1:3], widget=forms.SelectMultiple)

    assert str(F(initial={"a": 2})["a"]) == str(G(initial={"a": 2})["a"])


def test_lazy_labels_fall_back_to_the_templates():
    from django.utils.functional import lazy

    label = lazy(lambda: "Étiquette", str)()
    fast, django = both("x", 1, choices=[(1, label)])
    assert fast == django
