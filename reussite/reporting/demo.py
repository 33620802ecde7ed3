"""Demo figures only the programmes' teams know (staff FTE, grants outside the conventions) and the
typed paragraphs of the métropole's activity report: marked as demo data (``is_demo``), so that the
State survey of 2016 and of last year download complete without typing a figure.

Everything else of the survey is computed from the other apps' data: the 2016 youth identified come
from the seeds, the 2016 children figures from the historical files of 2015–2017 that the parcours
demo holds, anonymised by retention long ago (``parcours/demo.py``, ``load_history``), and last
year's from the current parcours, care and coordination demos. Both surveys' completeness checks list
nothing.
"""

from decimal import Decimal

from django.db import transaction

from reussite.territory.demo import NETWORK_NAME
from reussite.territory.models import Network, Organisation, Programme

from .models import AnnualFigures, ReportText

# Fictitious staff in full-time equivalents per programme (demo data, not from the seeds).
DEMO_FTE = {"Chenôve": "1.5", "Dijon": "4.5", "Longvic": "1.2", "Quetigny": "0.6", "Talant": "1.2"}
DEMO_YEARS = (2016, 2025)
INTRODUCTION = (
    "Texte de démonstration. Le réseau des programmes de réussite éducative de la métropole réunit cinq "
    "communes ; ce rapport présente l'activité de l'année, calculée à partir des données de la plateforme."
)
HIGHLIGHTS = "Texte de démonstration. Faits marquants de l'année : à compléter par la coordination métropolitaine."


@transaction.atomic
def load():
    network = Network.objects.get(name=NETWORK_NAME)
    for programme in Programme.objects.filter(network=network).select_related("commune"):
        fte = DEMO_FTE.get(programme.commune.name)
        if fte is None:
            continue
        for year in DEMO_YEARS:
            AnnualFigures.objects.get_or_create(
                programme=programme,
                year=year,
                defaults={
                    "staff_fte": Decimal(fte),
                    "caf_amount": Decimal(0),
                    "departement_amount": Decimal(0),
                    "other_amount": Decimal(0),
                    "in_kind_amount": Decimal(0),
                    "is_demo": True,
                },
            )
    metropole = Organisation.objects.filter(network=network, kind=Organisation.Kind.METROPOLE).first()
    if metropole is not None:
        for year in DEMO_YEARS:
            ReportText.objects.get_or_create(
                organisation=metropole, year=year, defaults={"introduction": INTRODUCTION, "highlights": HIGHLIGHTS}
            )
