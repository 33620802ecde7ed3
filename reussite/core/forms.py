"""Form fields shared by every domain.

``AmountField`` is the one field for money typed in a page: it reads what French users type
(« 2 000 », « 2 000,00 € », « 1 000,00 », spaces or non-breaking spaces between thousands) and
shows bounds the French way (« ≥ 0,01 »). The API keeps strict decimals (DRF fields).
"""

from decimal import Decimal

from django import forms
from django.core import validators
from django.forms.utils import ErrorList
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .formatting import format_decimal
from .numbers import decimal_places

# every space a French keyboard, a spreadsheet or a word processor may put between thousands
SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\u2007")


def parse_french_decimal(text: str, unit: str = "€") -> str:
    """« 2 000,00 € » -> "2000.00"; leaves anything else for Django's own validation to refuse."""
    text = str(text).translate(SPACES)
    if unit and text.endswith(unit):
        text = text[: -len(unit)]
    if "," in text:
        text = text.replace(".", "") if text.count(",") == 1 and "." in text else text
        text = text.replace(",", ".")
    return text


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed the French way; ``unit`` is the sign a user may append (« € », « % »)."""

    unit = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 12})
        for validator in self.validators:
            # « Assurez-vous que cette valeur est supérieure ou égale à 0,01. » (not « 0.01 »)
            if isinstance(validator, validators.MinValueValidator | validators.MaxValueValidator):
                limit = Decimal(validator.limit_value)
                validator.limit_value = limit
                word = "supérieure" if isinstance(validator, validators.MinValueValidator) else "inférieure"
                shown = format_decimal(limit, decimal_places(limit))
                validator.message = f"la valeur doit être {word} ou égale à {shown}."

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_french_decimal(value, self.unit)
        return super().to_python(value)


class AmountField(FrenchDecimalField):
    """Money typed in a page: « 2 000,00 € » is 2000.00."""

    unit = "€"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class PercentField(FrenchDecimalField):
    unit = "%"


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LabelledErrorsMixin:
    """Prefix each field error with the field's label, so a message always names its field."""

    def full_clean(self):
        super().full_clean()
        if not self._errors:
            return
        for name, errors in list(self._errors.items()):
            if name not in self.fields:
                continue
            label = str(self.fields[name].label or name)
            self._errors[name] = ErrorList([e if e.startswith(f"{label} :") else f"{label} : {e}" for e in errors])

    def french_dates(self):
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE_WIDGET
                field.input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
                field.error_messages["invalid"] = "saisissez une date valide (jj/mm/aaaa)."


def _attrs_html(attrs) -> str:
    """What django/forms/widgets/attrs.html writes: `` name="value"``, a bare name for True, nothing for False."""
    return "".join(
        "" if value is False else format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
    )


class FastSelect(forms.Select):
    """A <select> written in Python, byte for byte what Django's select templates write.

    Django renders one template (and its attrs include) per option: a list of a few hundred
    conventions or sittings cost tens of milliseconds a page. Anything the templates would write
    differently than ``str()`` (a non-text label, a custom option template) goes through them.
    """

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name != self.template_name or not self._plain(widget):
            return super()._render(template_name, context, renderer)
        parts = [format_html('<select name="{}"', widget["name"]), _attrs_html(widget["attrs"]), ">"]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(format_html('\n  <option value="{}"', str(option["value"])))
                parts.append(_attrs_html(option["attrs"]))
                parts.append(format_html(">{}</option>\n", option["label"]))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # the renderer strips the template's last newline
        return mark_safe("".join(parts))  # noqa: S308  (every value above went through format_html)

    def _plain(self, widget) -> bool:
        def text(value) -> bool:
            return isinstance(value, str) or value is None

        def attrs(values) -> bool:
            return all(isinstance(v, bool | str | int) for v in values)

        return attrs(widget["attrs"].values()) and all(
            (not name or isinstance(name, str))
            and all(
                o["template_name"] == self.option_template_name and text(o["label"]) and attrs(o["attrs"].values())
                for o in choices
            )
            for name, choices, _index in widget["optgroups"]
        )


class ColumnsChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a ``ColumnsModelChoiceField``: one plain query of the columns their labels need,
    instead of whole rows (texts of articles, preambles...) through a server-side cursor (DECLARE,
    FETCH, CLOSE: three round trips on PostgreSQL) for a list of a few hundred rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset
        if self.field.label_fields:
            queryset = queryset.only(*self.field.label_fields, *filter(None, [self.field.to_field_name]))
        for obj in list(queryset):
            yield self.choice(obj)


class ColumnsModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` whose options read only ``label_fields`` (what ``label_from_instance``
    reads: any other field would cost a query per option). Validation reads the whole row, as Django's."""

    iterator = ColumnsChoiceIterator

    def __init__(self, *args, label_fields=(), **kwargs):
        self.label_fields = tuple(label_fields)
        super().__init__(*args, **kwargs)
