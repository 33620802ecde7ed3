"""The care lists' rows are written in Python (``Table.body_html``): escaped as a template would."""

from django.template import Context, Template
from django.utils.safestring import mark_safe

from reussite.care.tables import EUR, Column, Row, Table


def test_body_html_escapes_like_a_template():
    table = Table(
        "t",
        [Column("Enfant"), Column("Montant", EUR), Column("Note")],
        [Row(['<script>alert("x")</script>', None, mark_safe("<em>déjà sûr</em>")], url="/a?b=1&c=2", flag="<b>")],
    )
    html = table.body_html()
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="/a?b=1&amp;c=2"' in html and "&lt;b&gt;</span>" in html
    assert "<em>déjà sûr</em>" in html  # safe text is not escaped twice, as in a template
    assert '<td class="num">—</td>' in html
    # What the template loop it replaced wrote for the same cell.
    assert Template("{{ v }}").render(Context({"v": '<script>alert("x")</script>'})) in html


def test_csv_dates_read_as_strftime_wrote_them():
    import calendar
    import datetime

    from reussite.care.tables import _csv_cell

    days = [datetime.date(y, m, d) for y in (1, 9, 99, 999, 1000, 2024, 9999) for m, d in ((1, 1), (2, 29), (12, 31))
            if m != 2 or calendar.isleap(y)]  # fmt: skip
    days.append(datetime.datetime(2026, 3, 7, 23, 59))
    for day in days:
        assert _csv_cell(day) == day.strftime("%d/%m/%Y")
