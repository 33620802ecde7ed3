"""The annual activity report for a board: this year's indicators beside last year's, evolutions
computed (never typed), charts, and the organisation's typed paragraphs."""

import datetime
from dataclasses import dataclass, field

from .charts import bar_chart
from .models import ReportText
from .presentation import Survey, evolution, survey
from .queries import viewer_for

# The sections a board reads (the survey has more detail).
REPORT_SECTIONS = ("public", "sex", "age", "exit_reason", "duration", "eps", "care", "events", "staff", "budget")


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


@dataclass
class ReportRow:
    label: str
    level: int
    unit: str
    previous: object
    current: object
    evolution: object


@dataclass
class ReportSection:
    title: str
    rows: list[ReportRow]
    chart: str = ""
    note: str = ""


@dataclass
class Report:
    year: int
    title: str
    organisation: object
    introduction: str
    highlights: str
    sections: list[ReportSection] = field(default_factory=list)

    def fingerprint(self):
        return (
            self.year,
            self.title,
            str(self.organisation),
            self.introduction,
            self.highlights,
            [(s.title, [(r.label, str(r.previous), str(r.current)) for r in s.rows]) for s in self.sections],
        )


def compare(current: Survey, previous: Survey) -> list[ReportSection]:
    before = {line.key: line.value for _s, line in previous.lines()}
    sections = []
    for section in current.sections:
        if section.key not in REPORT_SECTIONS:
            continue
        rows = [
            ReportRow(
                line.label,
                line.level,
                line.unit,
                before.get(line.key),
                line.value,
                evolution(before.get(line.key), line.value),
            )
            for line in section.lines
        ]
        chartable = [r for r in rows if r.unit in ("count", "eur", "hours") and r.level]
        if section.key == "budget":
            chartable = rows[:-2]
        chart = ""
        if chartable:
            chart = bar_chart(
                section.title,
                [r.label for r in chartable],
                [
                    (str(previous.year), [r.previous for r in chartable]),
                    (str(current.year), [r.current for r in chartable]),
                ],
            )
        sections.append(ReportSection(section.title, rows, chart, section.note))
    return sections


def build(user, network_id: int, year: int, programme, organisation) -> Report:
    current_viewer = viewer_for(user, network_id, year)
    previous_viewer = viewer_for(user, network_id, year - 1)
    pk = programme.pk if programme else None
    current = survey(current_viewer.indicators, pk, current_viewer)
    previous = survey(previous_viewer.indicators, pk, previous_viewer)
    text = ReportText.objects.filter(organisation=organisation, year=year).first() if organisation else None
    title = f"Rapport d'activité {year} — " + (programme.name if programme else "réseau des programmes")
    return Report(
        year,
        title,
        organisation,
        text.introduction if text else "",
        text.highlights if text else "",
        compare(current, previous),
    )
