"""The children's list writes its rows in Python (``presentation.rows_html``): byte for byte what its
template loop wrote, escaping included."""

from django.template import Context, Template

from reussite.parcours.presentation import ChildRow, rows_html

# The loop of templates/parcours/child_list.html that ``rows_html`` replaced (the empty case stays in
# the template).
TEMPLATE_LOOP = """{% for row in rows %}
  <tr><td><a href="{% url 'parcours:child_detail' row.pk %}">{{ row.label }}</a>{% if row.named %} <span class="muted small">{{ row.code }}</span>{% endif %}</td>
      <td>{{ row.age }} ans</td><td>{{ row.programme }}</td><td>{{ row.quartier }}</td><td>{{ row.status_label }}</td><td>{{ row.referent|default:"—" }}</td></tr>
  {% endfor %}"""  # noqa: E501


def row(pk, named, **values):
    base = {
        "pk": pk,
        "code": "E-0001",
        "named": named,
        "age": 9,
        "age_band": "6-10",
        "quartier": 'Quartier <Nord> & "Sud"',
        "programme": "Ville-l'Évêque",
        "status": "active",
        "status_label": "En parcours",
        "referent": "",
    }
    return ChildRow(**{**base, **values})


def test_rows_html_is_what_the_template_loop_wrote():
    rows = [
        row(1, True, first_name="<Zoé>", last_name="d'Arc & fils", referent="Rosa <b>Référente</b>"),
        row(2, False, code="E-<2>&'"),
        row(987654321, True, first_name="Ana", last_name="=Nul", referent=""),
    ]
    expected = Template(TEMPLATE_LOOP).render(Context({"rows": rows}))
    assert str(rows_html(rows)) == expected
    assert "&lt;Zoé&gt;" in expected and "&lt;b&gt;" in expected  # the test does exercise escaping


def test_no_rows_is_empty():
    assert str(rows_html([])) == Template(TEMPLATE_LOOP).render(Context({"rows": []})) == ""
