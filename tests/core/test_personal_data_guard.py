"""Fails when a model gains a field that looks like personal data without declaring it.

Declarations drive anonymisation and access logging: see reussite/core/personal_data.py.
"""

from django.apps import apps
from django.db import models

from reussite.core.personal_data import looks_personal, undeclared_fields, unknown_categories


def project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("reussite.")]


def test_every_personal_looking_field_is_declared():
    problems = {m._meta.label: undeclared_fields(m) for m in project_models()}
    problems = {label: fields for label, fields in problems.items() if fields}
    assert not problems, (
        f"Declare these fields in personal_data_fields or non_personal_fields on their model: {problems}"
    )


def test_declared_categories_are_known():
    problems = {m._meta.label: unknown_categories(m) for m in project_models()}
    assert not {label: bad for label, bad in problems.items() if bad}


def test_declarations_name_real_fields():
    for model in project_models():
        names = {f.name for f in model._meta.get_fields()}
        declared = set(getattr(model, "personal_data_fields", {})) | set(getattr(model, "non_personal_fields", {}))
        assert declared <= names, f"{model._meta.label} declares unknown fields {declared - names}"


def test_the_guard_catches_an_undeclared_field():
    class Guardian(models.Model):
        birth_date = models.DateField()
        last_name = models.CharField(max_length=10)
        count = models.IntegerField()
        personal_data_fields = {"last_name": "identity"}

        class Meta:
            app_label = "core"

        def __str__(self):
            return self.last_name

    assert undeclared_fields(Guardian) == ["birth_date"]
    assert looks_personal("email") and looks_personal("phone_number") and not looks_personal("count")
