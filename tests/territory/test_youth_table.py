from decimal import Decimal

from reussite.core.numbers import Verdict
from reussite.territory.youth import Printed, build_youth_table

PROGRAMMES = [(1, "Chenôve"), (2, "Dijon")]


def printed(programme_id, percent):
    return Printed(programme_id, 2015, 2016, Decimal(percent), f"{percent}%", "convention")


def test_total_is_the_sum_of_programmes_when_complete_else_the_recorded_total():
    table = build_youth_table(PROGRAMMES, [(1, 2016, 113), (2, 2016, 551), (None, 2015, 812)], [])
    assert table.total.cells[2016].count == 664
    assert table.total.cells[2016].is_sum
    assert table.total.cells[2015].count == 812
    assert not table.total.cells[2015].is_sum
    assert table.total.cells[2016].evolution.quantize(Decimal("0.01")) == Decimal("-18.23")


def test_recorded_total_that_differs_from_the_sum_is_reported():
    table = build_youth_table(PROGRAMMES, [(1, 2016, 10), (2, 2016, 20), (None, 2016, 31)], [])
    assert table.total_mismatches == {2016: (31, 30)}


def test_programme_evolution_and_printed_check():
    counts = [(1, 2015, 100), (1, 2016, 116), (2, 2015, 10), (2, 2016, 13)]
    table = build_youth_table(PROGRAMMES, counts, [printed(1, "16"), printed(2, "20")])
    chenove, dijon = table.rows
    assert chenove.cells[2016].evolution == Decimal(16)
    assert chenove.printed[0].verdict == Verdict.HOLDS
    assert dijon.printed[0].verdict == Verdict.DIFFERS  # 10 → 13 is +30 %


def test_printed_evolutions_without_previous_counts_are_checked_against_the_total():
    counts = [(1, 2016, 113), (2, 2016, 551), (None, 2015, 812)]
    table = build_youth_table(PROGRAMMES, counts, [printed(1, "16"), printed(2, "20")])
    assert [r.verdict for r in table.printed_results] == [Verdict.UNVERIFIABLE] * 2
    # 113/1.16 + 551/1.20 = 556.6, far from 812: the note says they cannot all hold.
    assert len(table.consistency_notes) == 1
    assert "556,6" in table.consistency_notes[0]
    assert "812" in table.consistency_notes[0]


def test_printed_evolutions_that_contradict_the_recorded_total_are_flagged_with_counts_known():
    # Earlier counts known per programme (e.g. computed from the parcours) and a recorded total:
    # the printed evolutions imply 556.6, not the recorded 554, whatever each programme's check says.
    counts = [(1, 2015, 97), (1, 2016, 113), (2, 2015, 457), (2, 2016, 551), (None, 2015, 554)]
    table = build_youth_table(PROGRAMMES, counts, [printed(1, "16"), printed(2, "20")])
    assert [r.verdict for r in table.printed_results] == [Verdict.HOLDS, Verdict.DIFFERS]
    assert len(table.consistency_notes) == 1 and "556,6 jeunes" in table.consistency_notes[0]
    # without a recorded total, the sum of the known counts is the total: nothing more to say
    assert build_youth_table(PROGRAMMES, counts[:-1], [printed(1, "16"), printed(2, "20")]).consistency_notes == []
