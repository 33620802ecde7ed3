"""The network described by the two seed documents (shared/seeds), loaded idempotently.

Only what the seeds state is loaded here; periods are bounded by the documents that attest them
(the 2017 convention, the 2024–2026 CPO) and codes not printed in them are left blank.
"""

import datetime
from decimal import Decimal

from reussite.core.models import SourceDocument

from .models import (
    Commune,
    Network,
    Organisation,
    PrintedEvolution,
    Programme,
    ProgrammeCarrier,
    Quartier,
    Representative,
    YouthCount,
)

D = datetime.date
NETWORK_NAME = "Réseau PRE de Dijon Métropole"
QPV_2024_FROM = D(2024, 1, 1)
QPV_2015_FROM, QPV_2015_UNTIL = D(2015, 1, 1), D(2023, 12, 31)
DECREE_2024 = "Décret n° 2023-1314 du 28 décembre 2023"
DECREE_2015 = "Décret n° 2014-1750 du 30 décembre 2014"

COMMUNES = {  # INSEE code, name
    "chenove": ("21166", "Chenôve"),
    "dijon": ("21231", "Dijon"),
    "longvic": ("21355", "Longvic"),
    "quetigny": ("21515", "Quetigny"),
    "talant": ("21617", "Talant"),
}

# (commune, name, kind, code, valid_from, valid_until, legal basis)
QUARTIERS = [
    ("chenove", "Le Mail", "qpv", "QN02101M", QPV_2024_FROM, None, DECREE_2024),
    ("dijon", "Fontaine d'Ouche", "qpv", "QN02102M", QPV_2024_FROM, None, DECREE_2024),
    ("dijon", "Grésilles", "qpv", "QN02103M", QPV_2024_FROM, None, DECREE_2024),
    ("longvic", "Bief du Moulin", "qpv", "QN02104M", QPV_2024_FROM, None, DECREE_2024),
    ("talant", "Belvédère", "qpv", "QN02105M", QPV_2024_FROM, None, DECREE_2024),
    ("quetigny", "Quetigny Centre", "qpv", "QN02106N", QPV_2024_FROM, None, DECREE_2024),
    # The 2015–2023 list, as the 2017 convention names it (its codes are not printed there).
    ("chenove", "Le Mail", "qpv", "", QPV_2015_FROM, QPV_2015_UNTIL, DECREE_2015),
    ("dijon", "Fontaine d'Ouche", "qpv", "", QPV_2015_FROM, QPV_2015_UNTIL, DECREE_2015),
    ("dijon", "Grésilles", "qpv", "", QPV_2015_FROM, QPV_2015_UNTIL, DECREE_2015),
    ("longvic", "Bief du Moulin", "qpv", "", QPV_2015_FROM, QPV_2015_UNTIL, DECREE_2015),
    ("talant", "Belvédère", "qpv", "", QPV_2015_FROM, QPV_2015_UNTIL, DECREE_2015),
    ("longvic", "Guynemer", "veille", "", QPV_2015_FROM, QPV_2015_UNTIL, "Contrat de ville 2015-2020"),
    ("quetigny", "Centre-ville", "veille", "", QPV_2015_FROM, QPV_2015_UNTIL, "Contrat de ville 2015-2020"),
]

# key: (kind, name, short name, commune, address, postal code, city)
ORGANISATIONS = {
    "metropole": (
        "metropole",
        "Dijon Métropole",
        "Dijon Métropole",
        "dijon",
        "40 avenue du Drapeau, BP 17510",
        "21075",
        "DIJON CEDEX",
    ),
    "ccas_chenove": (
        "ccas",
        "Centre communal d'action sociale de la Ville de Chenôve",
        "CCAS de Chenôve",
        "chenove",
        "Hôtel de ville",
        "21300",
        "CHENOVE",
    ),
    "cde_dijon": (
        "caisse_des_ecoles",
        "Caisse des écoles publiques de la Ville de Dijon",
        "Caisse des écoles de Dijon",
        "dijon",
        "Hôtel de ville",
        "21000",
        "DIJON",
    ),
    "ccas_dijon": ("ccas", "Centre communal d'action sociale de Dijon", "CCAS de Dijon", "dijon", "", "", ""),
    "ccas_longvic": (
        "ccas",
        "Centre communal d'action sociale de la Ville de Longvic",
        "CCAS de Longvic",
        "longvic",
        "Hôtel de ville",
        "21600",
        "LONGVIC",
    ),
    "ccas_quetigny": (
        "ccas",
        "Centre communal d'action sociale de la Ville de Quetigny",
        "CCAS de Quetigny",
        "quetigny",
        "Hôtel de ville",
        "21800",
        "QUETIGNY",
    ),
    "ville_quetigny": ("commune", "Ville de Quetigny", "Ville de Quetigny", "quetigny", "", "", ""),
    "ccas_talant": (
        "ccas",
        "Centre communal d'action sociale de la Ville de Talant",
        "CCAS de Talant",
        "talant",
        "Hôtel de ville",
        "21240",
        "TALANT",
    ),
}

CONVENTION_2017_FROM, CONVENTION_2017_UNTIL = D(2017, 1, 1), D(2017, 12, 31)

# Representatives as printed in the 2017 convention (its year bounds the attested period).
REPRESENTATIVES = [
    ("metropole", "M.", "François REBSAMEN", "Président"),
    ("ccas_chenove", "M.", "Thierry FALCONNET", "Président"),
    ("cde_dijon", "Mme", "Anne DILLENSEGER", "Présidente déléguée"),
    ("ccas_longvic", "M.", "José ALMEIDA", "Président"),
    ("ccas_quetigny", "M.", "Rémi DETANG", "Président"),
    ("ccas_talant", "M.", "Gilbert MENUT", "Président"),
]

# Programme carriers: 2017 from the 2017 convention, 2024– from the 2024–2026 CPO.
CARRIERS = {
    "chenove": [("ccas_chenove", CONVENTION_2017_FROM, None)],
    "dijon": [("cde_dijon", CONVENTION_2017_FROM, CONVENTION_2017_UNTIL), ("ccas_dijon", QPV_2024_FROM, None)],
    "longvic": [("ccas_longvic", CONVENTION_2017_FROM, None)],
    "quetigny": [
        ("ccas_quetigny", CONVENTION_2017_FROM, CONVENTION_2017_UNTIL),
        ("ville_quetigny", QPV_2024_FROM, None),
    ],
    "talant": [("ccas_talant", CONVENTION_2017_FROM, None)],
}

YOUTH_2016 = {"chenove": 113, "dijon": 551, "longvic": 101, "quetigny": 42, "talant": 106}
NETWORK_TOTALS = {2006: 595, 2015: 812}
# Article 3 of the 2017 convention: evolutions 2015 → 2016 as printed.
PRINTED_EVOLUTIONS = {
    None: ("18", "+18%"),
    "chenove": ("16", "+16%"),
    "dijon": ("20", "+20%"),
    "longvic": ("5.5", "+5.5%"),
    "quetigny": ("-50", "-50%"),
    "talant": ("32.5", "+32.5%"),
}


def load():
    convention_2017, _ = SourceDocument.objects.update_or_create(
        code="convention-2017",
        defaults={
            "title": "Convention 2017 — Projets de Réussite Éducative (Dijon Métropole et communes)",
            "issued_on": None,
            "reference": "shared/seeds/000_9decee907d85b212.txt",
        },
    )
    SourceDocument.objects.update_or_create(
        code="extrait-ccas-dijon-2024-10-02",
        defaults={
            "title": "Extrait du registre des délibérations du CCAS de Dijon — séance du 2 octobre 2024",
            "issued_on": D(2024, 10, 2),
            "reference": "shared/seeds/001_278feaa26e00db63.txt",
        },
    )
    network, _ = Network.objects.get_or_create(name=NETWORK_NAME)

    communes = {}
    for key, (insee, name) in COMMUNES.items():
        communes[key], _ = Commune.objects.update_or_create(
            insee_code=insee, defaults={"name": name, "network": network}
        )

    quartiers = {}
    for commune_key, name, kind, code, valid_from, valid_until, basis in QUARTIERS:
        quartier, _ = Quartier.objects.update_or_create(
            commune=communes[commune_key],
            name=name,
            kind=kind,
            valid_from=valid_from,
            defaults={"code": code, "valid_until": valid_until, "legal_basis": basis},
        )
        quartiers.setdefault(commune_key, []).append(quartier)

    organisations = {}
    for key, (kind, name, short, commune_key, address, postal, city) in ORGANISATIONS.items():
        organisations[key], _ = Organisation.objects.update_or_create(
            short_name=short,
            defaults={
                "network": network,
                "kind": kind,
                "name": name,
                "commune": communes[commune_key],
                "address": address,
                "postal_code": postal,
                "city": city,
            },
        )

    for org_key, civility, full_name, capacity in REPRESENTATIVES:
        Representative.objects.update_or_create(
            organisation=organisations[org_key],
            full_name=full_name,
            valid_from=CONVENTION_2017_FROM,
            defaults={
                "civility": civility,
                "capacity": capacity,
                "valid_until": CONVENTION_2017_UNTIL,
                "source": convention_2017,
            },
        )

    programmes = {}
    for key, commune in communes.items():
        programme, _ = Programme.objects.update_or_create(
            network=network,
            commune=commune,
            defaults={"name": f"PRE de {commune.name}"},
        )
        programme.quartiers.set(quartiers.get(key, []))
        for org_key, valid_from, valid_until in CARRIERS[key]:
            ProgrammeCarrier.objects.update_or_create(
                programme=programme,
                organisation=organisations[org_key],
                valid_from=valid_from,
                defaults={"valid_until": valid_until},
            )
        programmes[key] = programme

    for key, count in YOUTH_2016.items():
        YouthCount.objects.update_or_create(
            network=network,
            programme=programmes[key],
            year=2016,
            defaults={"count": count, "source": convention_2017},
        )
    for year, count in NETWORK_TOTALS.items():
        YouthCount.objects.update_or_create(
            network=network, programme=None, year=year, defaults={"count": count, "source": convention_2017}
        )
    for key, (percent, text) in PRINTED_EVOLUTIONS.items():
        PrintedEvolution.objects.update_or_create(
            network=network,
            programme=programmes[key] if key else None,
            from_year=2015,
            to_year=2016,
            defaults={"percent": Decimal(percent), "printed_text": text, "source": convention_2017},
        )
    return {"network": network, "communes": communes, "organisations": organisations, "programmes": programmes}
