"""The ``figure`` filter's shortcut for counts writes what ``format_decimal`` writes."""

from decimal import Decimal

from reussite.core.formatting import format_decimal
from reussite.reporting.templatetags.reporting import figure


def test_counts_are_written_as_format_decimal_writes_them():
    values = [0, 1, -1, 999, 1000, -1000, 12345, 1234567, -987654321012, 10**17 + 3, -(10**17), 10**18, -(10**20)]
    for value in values:
        assert figure(value) == format_decimal(value)
    assert figure(1234567) == "1\u202f234\u202f567"
    assert figure(Decimal("1234.5")) == format_decimal(Decimal("1234.5"), 2)


LOOP = (
    "{% load reporting %}"
    "  {% for section, line, values in table.rows %}\n"
    '  {% ifchanged section.key %}<tr class="survey-section"><th scope="colgroup" colspan="'
    '{{ table.columns|length|add:1 }}">{{ section.title }}{% if section.note %} <span class="small muted">'
    "{{ section.note }}</span>{% endif %}</th></tr>{% endifchanged %}\n"
    '  <tr><th scope="row"{% if line.level %} class="indent"{% endif %}>{{ line.label }}</th>'
    '{% for v in values %}<td class="num">{{ v|figure:line.unit }}</td>{% endfor %}</tr>\n'
    "  {% endfor %}\n"
)


def test_survey_body_writes_what_the_template_loop_wrote():
    """``survey_body`` against the loop it replaced in ``survey.html``: every kind of value, withheld
    cells, notes, indented lines, a section met again after another, text to escape and safe text."""
    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    from reussite.core.numbers import Withheld
    from reussite.reporting.exports import Table
    from reussite.reporting.presentation import Line, Section

    first = Section("a", "Enfants <suivis> & « sortis »", [], note="au 31/12 <b>")
    second = Section("b", mark_safe("<em>Budget</em>"), [])
    values = [3, 12345, Decimal("2.50"), Decimal("7"), None, "", "texte <x>", Withheld(5, True), Withheld(5, False)]
    rows = [
        (first, Line("n", "Total", 1), values),
        (first, Line("d", "dont <nouveaux>", 1, level=1), values),
        (second, Line("e", "Montant", 1, unit="eur"), [Decimal("1234.5"), 0, None]),
        (second, Line("p", "Taux", 1, unit="percent"), [Decimal("12.34"), None, 5]),
        (first, Line("m", "Durée", 1, unit="months"), [Decimal("7.5"), Decimal("3"), -4]),
    ]
    table = Table(["Azay", "Brissac & co", "Réseau"], rows)
    expected = Template(LOOP).render(Context({"table": table}))
    assert "  " + Template("{% load reporting %}{{ table|survey_body }}").render(Context({"table": table})) + "\n" == (
        expected
    )
    assert "&lt;nouveaux&gt;" in expected and "<em>Budget</em>" in expected and "&lt; 5" in expected
