"""The convention as a document, rendered from its data: PDF (WeasyPrint) and editable DOCX.

:func:`build_document` turns a convention into a plain structure (:class:`ConventionDocument`) that
both renderers read, so the PDF and the DOCX always say the same thing. The structure follows the
2017 convention: title block, "Entre" and the parties (address, signatory and capacity, approving
deliberation), preamble, "Il est convenu ce qui suit :", the numbered articles, the financing of each
year, the duration, "Fait en N exemplaires originaux" and the signature blocks, two per row.

Figures are the platform's, never the printed ones: each paying party's percentage is computed from
the amounts and rounded to the hundredth by the largest remainder, so the percentages of a document
the platform produces add up to exactly 100 % (the 2017 convention printed 98 %).

Placement rules (deterministic): the financing tables follow the first article whose title mentions
"financement", else they form a section after the articles; the duration sentence is printed only
when no article's title mentions "durée".
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.text import slugify

from reussite.core.formatting import format_decimal, format_eur, format_long_date, format_percent
from reussite.core.money import CENT, HUNDRED, AllocationError, allocate_largest_remainder, percent
from reussite.territory.models import Organisation

from .models import BudgetLine, Convention, ConventionParty, FundingShare, FundingYear

TO_BE_SET = "à définir"
BLANK_DATE = "…………………"
# "représentée par" for feminine designations (la Métropole, la Caisse des écoles, la Ville).
FEMININE_KINDS = {Organisation.Kind.METROPOLE, Organisation.Kind.CAISSE_DES_ECOLES, Organisation.Kind.COMMUNE}
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def french_date(day: datetime.date | None) -> str:
    """``1er juillet 2017``, ``29 juin 2017``; an unknown date is a blank to fill in by hand."""
    if day is None:
        return BLANK_DATE
    return format_long_date(day)


def eur(amount: Decimal | None) -> str:
    return format_eur(amount) if amount is not None else TO_BE_SET


def pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return format_percent(value, 2)


# --- The structure -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A paragraph of text, or an item of a bulleted list."""

    text: str
    bullet: bool = False


@dataclass(frozen=True)
class PartyView:
    designation: str  # as printed after the dash: the organisation's legal name
    name: str  # as used in the tables and signatures (display name)
    address: str
    representation: str  # "représentée par François REBSAMEN, Président"
    approval: str  # "en vertu d'une délibération du Conseil métropolitain du 29 juin 2017"
    is_coordinator: bool
    signatory_name: str
    signatory_capacity: str


@dataclass(frozen=True)
class Row:
    label: str
    amount: Decimal | None
    percent: Decimal | None = None

    @property
    def amount_text(self) -> str:
        return eur(self.amount)

    @property
    def percent_text(self) -> str:
        return pct(self.percent)


@dataclass
class YearFinancing:
    year: int
    key_label: str
    lines: list[Row]
    total_cost: Decimal | None
    shares: list[Row]  # paying parties' shares of the key, with their computed percentage
    shared_total: Decimal | None
    contributions: list[Row]  # fixed contributions (the métropole's)
    notes: list[str] = field(default_factory=list)

    @property
    def total_cost_text(self) -> str:
        return eur(self.total_cost)

    @property
    def shared_total_text(self) -> str:
        return eur(self.shared_total)

    @property
    def shares_percent_text(self) -> str:
        known = [r.percent for r in self.shares]
        return pct(sum(known, Decimal(0))) if known and None not in known else "—"


@dataclass(frozen=True)
class ArticleView:
    heading: str
    blocks: list[Block]  # before the financing tables when the article carries them
    carries_financing: bool = False
    blocks_after: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Signature:
    party: str
    capacity: str
    name: str


@dataclass
class ConventionDocument:
    kicker: str
    heading: str
    title: str
    reference: str
    first_parties: list[PartyView]
    other_parties: list[PartyView]
    preamble: list[Block]
    # the convention's object, printed as its own section unless an article already states it
    object_blocks: list[Block]
    articles: list[ArticleView]
    financing: list[YearFinancing]
    financing_in_articles: bool
    contributions: list[str]
    duration: str
    duration_in_articles: bool
    originals: str
    place_and_date: str
    signature_rows: list[list[Signature]]
    filename_stem: str
    percent_note: str = (
        "Pourcentages calculés à partir des montants et arrondis au centième par la méthode du plus fort "
        "reste : leur total fait exactement 100 %."
    )

    @property
    def article_headings(self) -> list[str]:
        return [a.heading for a in self.articles]


# --- Building it ---------------------------------------------------------------------------------


def blocks(text: str) -> list[Block]:
    """Paragraphs separated by line breaks; lines starting with "-", "–", "•" or "*" are list items."""
    result = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        match = re.match(r"^[-–•*]\s+(.*)$", line)
        result.append(Block(match.group(1), bullet=True) if match else Block(line))
    return result


# A line restating the split as printed ("Chenôve (16 %) : 1 224,00 €", "Total : 7 500,00 €"): in the
# article that carries the financing, such lines are replaced by the computed tables.
PRINTED_SPLIT_LINE = re.compile(r"^(.+\(\s*[\d.,]+\s*%\s*\)|total)\s*:[\s.…]*[\d\s\u202f\u00a0.,]+€$", re.IGNORECASE)
CONCLUSION = "il est convenu ce qui suit"


def _split_financing_article(items: list[Block]) -> tuple[list[Block], list[Block]]:
    """The article's blocks before and after its printed split, without the printed split lines."""
    positions = [i for i, b in enumerate(items) if not b.bullet and PRINTED_SPLIT_LINE.match(b.text)]
    if not positions:
        return items, []
    return items[: positions[0]], [b for i, b in enumerate(items[positions[0] :], positions[0]) if i not in positions]


def _article_heading(number: str, title: str) -> str:
    number = number.strip()
    if not number.lower().startswith("article"):
        number = f"Article {number}"
    return f"{number} : {title}" if title else number


def with_article(org: Organisation) -> str:
    """ "le Centre communal d'action sociale…", "la Caisse des écoles…", "la Ville de…", "Dijon Métropole"."""
    name = org.name or org.short_name
    first = name.split(" ", 1)[0].lower()
    article = {"centre": "le ", "caisse": "la ", "ville": "la ", "commune": "la "}.get(first, "")
    return f"{article}{name}"


def _party_view(party: ConventionParty) -> PartyView:
    org = party.organisation
    address = ", ".join(part for part in [org.address, " ".join(p for p in [org.postal_code, org.city] if p)] if part)
    represented = "représentée" if org.kind in FEMININE_KINDS else "représenté"
    if party.signatory_name:
        representation = f"{represented} par {party.signatory_name}"
        if party.signatory_capacity:
            representation += f", {party.signatory_capacity}"
    else:
        representation = f"{represented} par {BLANK_DATE}"
    body = party.approval_body or "son organe délibérant"
    approval = f"en vertu d'une délibération du {body}"
    if party.approval_reference:
        approval += f" n° {party.approval_reference}"
    approval += f" du {french_date(party.approval_date)}"
    return PartyView(
        designation=with_article(org),
        name=party.name,
        address=address,
        representation=representation,
        approval=approval,
        is_coordinator=party.role == ConventionParty.Role.COORDINATOR,
        signatory_name=party.signatory_name,
        signatory_capacity=party.signatory_capacity,
    )


def share_percents(amounts: list[Decimal | None], names: list[str]) -> list[Decimal | None]:
    """Each share's percentage of the shares' total, to the hundredth, adding up to exactly 100.

    Largest remainder on 100.00 with the amounts as weights (tie-break: larger amount, then name).
    When an amount is "à définir", no percentage can be printed.
    """
    if not amounts or any(a is None for a in amounts):
        return [None] * len(amounts)
    if sum(amounts, Decimal(0)) == 0:
        return [None] * len(amounts)
    try:
        return allocate_largest_remainder(HUNDRED, amounts, CENT, keys=names)
    except AllocationError:  # negative or duplicate names: fall back on the exact, rounded value
        total = sum(amounts, Decimal(0))
        return [percent(a, total, places=2) for a in amounts]


def pro_rata_basis(fy: FundingYear, key_shares: list[FundingShare]) -> list[str]:
    """The basis of a pro-rata split, printed under its table: each party's count, the total, the rule.
    Counts not recorded stay « non renseigné » (nothing is inferred)."""
    if fy.key_kind != FundingYear.KeyKind.PRO_RATA or not key_shares:
        return []
    counts = [s.key_count for s in key_shares]
    listed = " ; ".join(
        f"{s.party.name} : {format_decimal(s.key_count) if s.key_count is not None else 'non renseigné'}"
        for s in key_shares
    )
    total = format_decimal(sum(counts)) if None not in counts else "incomplet"
    unit = "à l'euro" if Decimal(fy.convention.rounding_unit) == 1 else "au centime"
    return [
        f"Base de la répartition au prorata des jeunes identifiés en {fy.count_year or '—'} : {listed} ; "
        f"total {total}. Chaque part vaut {eur(fy.shared_total)} × effectif de la partie ÷ total, arrondie "
        f"{unit} ; les arrondis sont répartis par la méthode du plus fort reste, de sorte que les parts "
        "font exactement le montant réparti."
    ]


def _year_financing(fy: FundingYear, lines: list[BudgetLine], shares: list[FundingShare]) -> YearFinancing:
    key_shares = [s for s in shares if s.kind == FundingShare.Kind.KEY]
    contributions = [s for s in shares if s.kind == FundingShare.Kind.CONTRIBUTION]
    names = [s.party.name for s in key_shares]
    percents = share_percents([s.amount for s in key_shares], names)
    known = [s.amount for s in key_shares]
    shared_total = sum(known, Decimal(0)) if key_shares and None not in known else fy.shared_total
    key_label = str(FundingYear.KeyKind(fy.key_kind).label)
    if fy.key_kind == FundingYear.KeyKind.PRO_RATA and fy.count_year:
        key_label += f" en {fy.count_year}"
    notes = pro_rata_basis(fy, key_shares)
    if key_shares and None not in known and fy.shared_total is not None and shared_total != fy.shared_total:
        notes.append(f"Montant à répartir enregistré : {eur(fy.shared_total)} ; somme des parts : {eur(shared_total)}.")
    return YearFinancing(
        year=fy.year,
        key_label=key_label,
        lines=[Row(li.name, li.planned_amount) for li in lines],
        total_cost=fy.total_cost,
        shares=[Row(s.party.name, s.amount, p) for s, p in zip(key_shares, percents, strict=True)],
        shared_total=shared_total,
        contributions=[Row(s.party.name, s.amount) for s in contributions],
        notes=notes,
    )


def capacity_with_article(capacity: str) -> str:
    """ "Le Président", "La Présidente déléguée" as signature blocks print them; other capacities as is."""
    lowered = capacity.lower()
    if lowered.startswith(("présidente", "vice-présidente")):
        return f"La {capacity}"
    if lowered.startswith(("président", "vice-président")):
        return f"Le {capacity}"
    return capacity


def _signature_rows(parties: list[PartyView]) -> list[list[Signature]]:
    signatures = [
        Signature(
            f"Pour {p.designation},",
            f"{capacity_with_article(p.signatory_capacity)}," if p.signatory_capacity else "",
            p.signatory_name,
        )
        for p in parties
    ]
    return [signatures[i : i + 2] for i in range(0, len(signatures), 2)]


def filename_stem(convention: Convention, coordinator: ConventionParty | None) -> str:
    """``convention-2017-dijon-metropole`` (years and the coordinator's short name; no personal data)."""
    years = str(convention.first_year)
    if convention.last_year != convention.first_year:
        years += f"-{convention.last_year}"
    who = slugify(coordinator.organisation.short_name) if coordinator else slugify(convention.reference)
    return f"convention-{years}-{who}" if who else f"convention-{years}"


def document_queryset():
    """Conventions with everything the document reads (a fixed number of queries)."""
    return Convention.objects.prefetch_related(
        Prefetch("parties", queryset=ConventionParty.objects.select_related("organisation").order_by("position", "id")),
        "articles",
        Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("action_kind")),
        Prefetch(
            "funding_years__shares",
            queryset=FundingShare.objects.select_related("party__organisation").order_by("party__position", "id"),
        ),
    )


def build_document(convention: Convention) -> ConventionDocument:
    """The document's content; ``convention`` ideally comes from :func:`document_queryset`."""
    parties = list(convention.parties.all())
    coordinators = [p for p in parties if p.role == ConventionParty.Role.COORDINATOR]
    others = [p for p in parties if p.role != ConventionParty.Role.COORDINATOR]
    first = coordinators or others[:1]
    rest = others if coordinators else others[1:]
    ordered = [*first, *rest]
    views = {p.pk: _party_view(p) for p in ordered}

    articles_qs = sorted(convention.articles.all(), key=lambda a: a.position)
    financing_index = next((i for i, a in enumerate(articles_qs) if "financement" in a.title.lower()), None)
    duration_in_articles = any("durée" in a.title.lower() for a in articles_qs)
    object_in_articles = any("objet" in a.title.lower() for a in articles_qs)
    articles = []
    for i, a in enumerate(articles_qs):
        if i == financing_index:
            before, after = _split_financing_article(blocks(a.body))
            articles.append(ArticleView(_article_heading(a.number, a.title), before, True, after))
        else:
            articles.append(ArticleView(_article_heading(a.number, a.title), blocks(a.body)))
    preamble = blocks(convention.preamble)
    if preamble and preamble[-1].text.lower().rstrip(" :").startswith(CONCLUSION):
        preamble = preamble[:-1]  # the document prints "Il est convenu ce qui suit :" itself

    lines_by_year: dict[int, list[BudgetLine]] = {}
    for line in sorted(convention.budget_lines.all(), key=lambda li: (li.year, li.position, li.pk)):
        lines_by_year.setdefault(line.year, []).append(line)
    financing = [
        _year_financing(fy, lines_by_year.get(fy.year, []), list(fy.shares.all()))
        for fy in sorted(convention.funding_years.all(), key=lambda f: f.year)
    ]

    contributions = _contribution_sentences(convention, financing)
    end = french_date(convention.end_date)
    start = (
        "à compter de sa date de signature"
        if convention.starts_on_signature
        else f"à compter du {french_date(convention.start_date)}"
    )
    duration = f"La présente convention est applicable {start} jusqu'au {end}."

    if convention.kind == Convention.Kind.CPO:
        heading = f"Convention pluriannuelle d'objectifs {convention.first_year}-{convention.last_year}"
    elif convention.first_year == convention.last_year:
        heading = f"Convention {convention.first_year}"
    else:
        heading = f"Convention {convention.first_year}-{convention.last_year}"
    originals = (
        f"Fait en {convention.originals_count} exemplaires originaux,"
        if convention.originals_count
        else "Fait en exemplaires originaux,"
    )
    place = convention.place or BLANK_DATE
    return ConventionDocument(
        kicker="Programmes de Réussite Éducative",
        heading=heading,
        title=convention.title,
        reference=convention.reference,
        first_parties=[views[p.pk] for p in first],
        other_parties=[views[p.pk] for p in rest],
        preamble=preamble,
        object_blocks=[] if object_in_articles else blocks(convention.object),
        articles=articles,
        financing=financing,
        financing_in_articles=financing_index is not None,
        contributions=contributions,
        duration=duration,
        duration_in_articles=duration_in_articles,
        originals=originals,
        place_and_date=f"A {place}, le {french_date(convention.signature_date)}",
        signature_rows=_signature_rows([views[p.pk] for p in ordered]),
        filename_stem=filename_stem(convention, coordinators[0] if coordinators else None),
    )


def _contribution_sentences(convention: Convention, financing: list[YearFinancing]) -> list[str]:
    """ "Dijon Métropole s'engage à apporter une participation de 10 000,00 € pour 2017." per party."""
    per_party: dict[str, list[tuple[int, Decimal | None]]] = {}
    for year in financing:
        for row in year.contributions:
            per_party.setdefault(row.label, []).append((year.year, row.amount))
    sentences = []
    for name, amounts in per_party.items():
        if len(amounts) == 1:
            year, amount = amounts[0]
            sentences.append(f"{name} s'engage à apporter une participation de {eur(amount)} pour {year}.")
        else:
            detail = " ; ".join(f"{eur(amount)} en {year}" for year, amount in amounts)
            sentences.append(f"{name} s'engage à apporter une participation de {detail}.")
    return sentences


# --- DOCX ----------------------------------------------------------------------------------------


def _french_a4_with_page_numbers(document) -> None:
    """A4 with 2 cm margins, French proofing for every style, « Page N sur M » centred in the footer
    (python-docx's default template is US Letter and en-US)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        for index, instruction in enumerate(("PAGE", "NUMPAGES")):
            if index:
                footer.add_run(" sur ")
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), instruction)
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "1"  # shown until the word processor updates the field
            run.append(text)
            field.append(run)
            footer._p.append(field)
    # the document defaults carry the proofing language of every style
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), "fr-FR")
    language.set(qn("w:eastAsia"), "fr-FR")
    for style in document.styles.element.iterfind(f".//{qn('w:lang')}"):
        style.set(qn("w:val"), "fr-FR")
    document.core_properties.language = "fr-FR"


def render_docx(doc: ConventionDocument) -> bytes:
    """An editable Word document with the same content as the PDF."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10)
    _french_a4_with_page_numbers(document)

    def para(text="", *, bold=False, center=False, style=None):
        paragraph = document.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def add_blocks(items):
        for block in items:
            para(block.text, style="List Bullet" if block.bullet else None)

    def table(header, rows, total=None):
        t = document.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for values in rows:
            cells = t.add_row().cells
            for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
                cell.text = text
                if i > 0:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if total:
            cells = t.add_row().cells
            for i, (cell, text) in enumerate(zip(cells, total, strict=True)):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
                if i > 0:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return t

    def add_financing():
        for year in doc.financing:
            document.add_heading(f"Financement {year.year}", level=3)
            para(f"Coût prévisionnel {year.year}")
            table(
                ["Action", "Montant"],
                [[r.label, r.amount_text] for r in year.lines],
                ["Coût total", year.total_cost_text],
            )
            if year.shares:
                para(f"Parts des parties versantes {year.year} — {year.key_label}")
                table(
                    ["Partie versante", "Part", "Montant"],
                    [[r.label, r.percent_text, r.amount_text] for r in year.shares],
                    ["Total", year.shares_percent_text, year.shared_total_text],
                )
            if year.contributions:
                table(["Contribution fixe", "Montant"], [[r.label, r.amount_text] for r in year.contributions])
            for note in year.notes:
                para(note)
        if any(y.shares for y in doc.financing):
            para(doc.percent_note)

    para(doc.kicker.upper(), bold=True, center=True)
    document.add_heading(doc.heading.upper(), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc.title.upper(), bold=True, center=True)
    para(f"Référence : {doc.reference}", center=True)

    para("Entre", bold=True)
    for group_index, group in enumerate([doc.first_parties, doc.other_parties]):
        if group_index == 1 and group:
            para("Et", bold=True)
        for party in group:
            paragraph = document.add_paragraph()
            paragraph.add_run("– ")
            paragraph.add_run(party.designation.upper()).bold = True
            if party.address:
                paragraph.add_run(f", {party.address}")
            paragraph.add_run(f", {party.representation},")
            para(f"{party.approval},")

    if doc.preamble:
        document.add_heading("PRÉAMBULE", level=1)
        add_blocks(doc.preamble)
    para("Il est convenu ce qui suit :", bold=True)
    if doc.object_blocks:
        document.add_heading("Objet de la convention", level=2)
        add_blocks(doc.object_blocks)
    for article in doc.articles:
        document.add_heading(article.heading, level=2)
        add_blocks(article.blocks)
        if article.carries_financing:
            add_financing()
            add_blocks(article.blocks_after)
    if not doc.financing_in_articles and doc.financing:
        document.add_heading("Financement", level=2)
        add_financing()
        for sentence in doc.contributions:
            para(sentence)
    if not doc.duration_in_articles:
        document.add_heading("Durée", level=2)
        para(doc.duration)

    para(doc.originals)
    para(doc.place_and_date)
    for row in doc.signature_rows:
        t = document.add_table(rows=1, cols=2)
        for cell, signature in zip(t.rows[0].cells, row, strict=False):
            cell.text = signature.party
            if signature.capacity:
                cell.add_paragraph(signature.capacity)
            cell.add_paragraph("")
            cell.add_paragraph("")
            cell.add_paragraph(signature.name)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
