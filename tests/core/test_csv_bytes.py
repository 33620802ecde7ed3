"""``csv_bytes`` writes, column by column, exactly what csv.writer writes with the exports' dialect."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from reussite.core.spreadsheets import csv_bytes, csv_bytes_by_column

# Texts rich in what makes a field quoted: the delimiter, quotes, line breaks, accents, spaces.
TEXTS = st.text(alphabet=st.sampled_from(list(";\"\r\n ,'aé€=-0")), max_size=6)
CELLS = st.one_of(TEXTS, st.none(), st.integers(-5, 5))


def _csv_writer_bytes(header, rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-8-sig")


@given(st.integers(1, 5).flatmap(lambda width: st.tuples(
    st.lists(TEXTS, min_size=width, max_size=width),
    st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=8),
)))  # fmt: skip
def test_the_same_bytes_as_csv_writer(table):
    header, rows = table
    assert csv_bytes(header, rows) == _csv_writer_bytes(header, rows)


def test_a_field_with_the_delimiter_or_a_quote_is_quoted_and_its_column_only():
    written = csv_bytes(["Nom", "Note"], [["Dupont; Marie", "ok"], ['Le "Chêne"', "ok"]]).decode("utf-8-sig")
    assert written == 'Nom;Note\r\n"Dupont; Marie";ok\r\n"Le ""Chêne""";ok\r\n'


def test_by_column_and_by_row_agree():
    rows = [["a", "b;c"], ["", "d"]]
    assert csv_bytes_by_column(["x", "y"], zip(*rows, strict=True)) == csv_bytes(["x", "y"], rows)
    assert csv_bytes_by_column(["x", "y"], [(), ()]) == "x;y\r\n".encode("utf-8-sig")
