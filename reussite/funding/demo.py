"""The two conventions of the seed documents, loaded idempotently.

- The 2017 convention (shared/seeds/000): every figure, party, signatory and article as printed,
  the printed percentages kept beside the computed ones. The seed leaves the approval dates of the
  commune bodies, the signature date and the notification blank: the status history that takes it
  to "in force" is undated and marked as demo data, and so are the calls for funds (issue date
  15 September 2017) and the payments recorded against them.
- The 2024–2026 CPO (shared/seeds/001): 20 000 € a year, Dijon Métropole 12 500 € a year, CCAS de
  Dijon 4 820 € a year (approved by its board on 2 October 2024); the other shares are null, "à
  définir". It stays a draft: the other parties' approvals are not in the seeds.

The convention references (CONV-PRE-2017, CPO-PRE-2024-2026) are identifiers of the platform; the
seeds print none.
"""

import datetime
from decimal import Decimal

from reussite.core.models import SourceDocument
from reussite.territory.models import Network, Organisation

from . import services
from .models import (
    ActionKind,
    BudgetLine,
    CallForFunds,
    Convention,
    ConventionArticle,
    ConventionParty,
    FundingShare,
    FundingYear,
    Payment,
    StateConvention,
)

D = datetime.date
NETWORK_NAME = "Réseau PRE de Dijon Métropole"
REF_2017 = "CONV-PRE-2017"
REF_CPO = "CPO-PRE-2024-2026"

TITLE_2017 = (
    "Convention 2017 relative aux financements par Dijon Métropole de la coordination, de la mise en œuvre "
    "d'actions de formations et d'accompagnement psychologique des jeunes des Projets de Réussite Éducative "
    "sur les quartiers de la politique de la ville"
)

PREAMBLE_2017 = """\
- La loi n° 2005.32 du 18 janvier 2005 de programmation pour la cohésion sociale et le plan de cohésion sociale (programmes 15 et 16) a défini les dispositifs de Réussite Éducative.
- Les communes de Chenôve, Dijon, Longvic, Quetigny et Talant, en collaboration avec le Grand Dijon et le Conseil Général, ont élaboré et mis en place en septembre 2006 pour leurs territoires prioritaires, des Projets de Réussite Éducative pour lesquels 595 jeunes et leur famille susceptibles d'en bénéficier ont été identifiés.
- Les projets de Réussite Éducative présentés par les cinq communes, examinés conjointement par la Délégation Interministérielle à la Ville (DIV) et par la Direction de l'Enseignement Scolaire (DESCO), ont été validés dès le 21 juillet 2006.
- En septembre 2007, les CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon ont délégué à Dijon Métropole la coordination de l'évaluation et de formation de leurs Projets de Réussite Éducative.
- Depuis 2010, l'Etat proroge chaque année le dispositif de Réussite Éducative avec les CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon.
- C'est pourquoi le dispositif de Réussite Éducative étant à nouveau prorogé d'un an, les CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon, ont souhaité reconduire leur partenariat avec Dijon Métropole par l'établissement d'une convention pour l'année 2017.
- En 2017, l'avenir du programme de Réussite Éducative reste lié au cadre d'intervention de la Politique de la ville.

L'objet des Projets de Réussite Éducative vise à :
- donner leur chance aux enfants et adolescents ne bénéficiant pas d'un environnement social, familial et culturel favorable à leur développement harmonieux ;
- accompagner les enfants et les adolescents de 2 à 16 ans, ainsi que leur famille, qui présentent des signes de fragilité et/ou de retards scolaires en cherchant à prendre en compte la globalité de leur environnement ;
- mettre en place un accompagnement adapté à chaque situation familiale, avec des objectifs de résultats mesurés.

Ces dispositifs concernent les quartiers prioritaires du Mail à Chenôve, les Grésilles et la Fontaine d'Ouche à Dijon, le Bief du Moulin à Longvic, le Belvédère à Talant, et les quartiers de veille de Guynemer à Longvic et le Centre-ville à Quetigny.

Dijon Métropole intervient dans le cadre de la loi n° 99-586 du 12 juillet 1999 en matière de Politique de la ville et dispose donc ainsi des engagements conclus dans le cadre du Contrat de Ville signé le 6 juillet 2015.

A la fois porteuse des projets de rénovation urbaine, Dijon Métropole a souhaité, dans un souci de cohérence, soutenir la démarche concertée du Projet de Réussite Éducative.

L'ambition du contrat de ville 2015-2020 est de soutenir tous les projets qui concourent à la réduction des inégalités sociales et territoriales en faveur des habitants des quartiers défavorisés, en luttant contre toute forme de discrimination. Le Programme de Réussite Educative est un des dispositifs phares du contrat de ville.

Les communes conduisent la mise en œuvre de leur Programme de Réussite Educative, en l'occurrence les suivis individualisés des enfants et jeunes et l'animation de leurs instances de suivi et de pilotage. Dijon Métropole se charge de la coordination des Programmes de Réussite Educative, en organisant des temps d'échange de pratiques bimestrielles, de l'accompagnement vers les soins psychologiques des jeunes, et de la mise en place de formations et/ou de séances d'analyse de la pratique.

A ce titre, en application de l'article L 5111-1 et suivants du Code général des collectivités territoriales, Dijon Métropole peut intervenir en soutien des communes dans leurs actions, moyennant le versement d'un prix correspondant aux prestations qui lui seront confiées.

La présente convention fixe donc :
- le cadre et les modalités de la coordination, de la mise en œuvre d'actions de formations et d'accompagnement psychologique des jeunes des Projets de Réussite Educative des CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon et de formation de ses acteurs par Dijon Métropole ;
- les modalités de financement de la coordination, de la mise en œuvre d'actions de formations et d'accompagnement psychologique des jeunes des Projets de Réussite Educative entre les CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon et Dijon Métropole.

Il est convenu ce qui suit :"""  # noqa: E501

OBJECT_2017 = (
    "Par la présente convention, les CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques "
    "de Dijon confient à Dijon Métropole la coordination, l'accompagnement vers les soins psychologiques des jeunes "
    "et la mise en œuvre d'actions de formations et d'analyse de la pratique nécessaires aux différents acteurs et "
    "équipes relevant de chacun des territoires."
)

ARTICLES_2017 = [
    ("Article 1er", "Objet de la convention", OBJECT_2017),
    (
        "Article 2",
        "Les territoires concernés",
        "Les quartiers concernés par les Projets de Réussite Éducative sont : le Mail à Chenôve, les Grésilles et la "
        "Fontaine d'Ouche pour Dijon, le Bief du Moulin et Guynemer pour Longvic, le Centre-ville pour Quetigny, le "
        "Belvédère pour Talant.",
    ),
    (
        "Article 3",
        "Les publics identifiés",
        "En 2016, 913 jeunes relevant d'une prise en charge dans le cadre d'un Projet de Réussite Éducative ont été "
        "identifiés sur chaque commune, contre 812 en 2015, soit une augmentation de 18%, répartie comme suit :\n"
        "- Chenôve : le Mail : 113 (+16%)\n"
        "- Dijon : Grésilles et Fontaine d'Ouche : 551 (+20%)\n"
        "- Longvic : Guynemer et Bief du Moulin : 101 (+5.5%)\n"
        "- Quetigny : Centre Ville : 42 (-50%)\n"
        "- Talant : Belvédère : 106 (+32.5%)",
    ),
    (
        "Article 4",
        "Coordination d'agglomération",
        "La coordination conduite par Dijon Métropole au bénéfice des CCAS de Chenôve, Longvic, Quetigny, Talant et "
        "de la Caisse des écoles publiques de Dijon repose sur quatre aspects :\n"
        "- une fonction ressource et la production d'une culture commune au bénéfice des acteurs locaux (échange "
        "d'expériences des coordonnateurs sur différentes problématiques rencontrées) ;\n"
        "- une information partagée sur des dispositifs ou services de l'Etat ou des partenaires, sur les sujets en "
        "lien avec la réussite éducative : présentation de la mission de lutte contre le décrochage scolaire par les "
        "services de l'Education nationale, des professionnels investis dans la prévention de la radicalisation au "
        "niveau des services de l'État en un premier temps ;\n"
        "- un accompagnement dans l'analyse du parcours des jeunes de la Réussite éducative ;\n"
        "- la mise en place concertée d'analyse de la pratique pour les intervenants à la scolarité.",
    ),
    (
        "Article 5",
        "Accompagnement psychologique des enfants",
        "Dans le cadre des Programmes de Réussite Educative, il a été constaté un accroissement de la souffrance "
        "psychologique des enfants et la nécessité d'accompagnement pour accéder aux soins. La coordination conduite "
        "par Dijon Métropole accompagne ce besoin croissant des enfants des quartiers Politique de la Ville âgés de 2 "
        "à 12 ans. Dijon Métropole aide les PRE de son territoire pour faciliter l'accès de ces derniers à des "
        "entretiens avec un psychologue ou un psychothérapeute dans les quartiers Politique de la Ville, "
        "complémentaires des prises en charge proposées par tous les services de droit commun habilités à proposer "
        "des suivis psychologiques aux enfants et à leurs familles.\n\n"
        "Les psychologues ou psychothérapeutes factureront leur service à Dijon Métropole et organiseront leur "
        "intervention avec les coordinateurs de chaque PRE, en respectant la répartition horaire déterminée en amont "
        "par Dijon Métropole et les signataires de la convention.",
    ),
    (
        "Article 6",
        "Les financements des actions",
        "Le coût prévisionnel de la coordination, de l'accompagnement vers les soins psychologiques et de la mise en "
        "œuvre d'actions de formations/analyse de la pratique des Projets de Réussite Educative pour l'année 2017 est "
        "de 17 500 € comme suit :\n"
        "- Analyse de la pratique : 4 300 €\n"
        "- Accompagnement psychologique 13 200 €\n\n"
        "Les CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon verseront chacun "
        "leur part de co-financement indiquée ci-dessous, dans la limite des dotations qui leur seront versées par "
        "l'Etat, afin d'assurer les missions confiées à Dijon Métropole.\n\n"
        "Le versement interviendra en une fois sur appel de fonds de Dijon Métropole décomposé comme suit, dès "
        "adoption et notification de la présente convention :\n"
        "Chenôve (16 %) : 1 224,00 €\n"
        "Dijon (63 %) : 4 738,00 €\n"
        "Longvic (10 %) : 792,00 €\n"
        "Quetigny (4 %) : 330,00 €\n"
        "Talant (5 %) : 416,00 €\n"
        "Total : 7 500,00 €\n\n"
        "Le Grand Dijon s'engage à apporter une participation de 10 000 € pour la durée de la convention.",
    ),
    (
        "Article 7",
        "La durée de la convention",
        "La présente convention est applicable à compter de sa date de signature et se déroulera sur la même durée "
        "que les conventions signées par chaque site, à savoir jusqu'au 31 décembre 2017.\n\n"
        "Si les conventions signées entre l'Etat et les CCAS des communes de Chenôve, Longvic, Quetigny, Talant et la "
        "Caisse des écoles publiques de Dijon, relatives à la mise en œuvre des dispositifs de Réussite Educative sur "
        "les quartiers de la Politique de la ville, venaient à être résiliées ou suspendues, la présente convention "
        "se verrait appliquer le même régime.",
    ),
]

# short name, display name, role, signatory, capacity, approval body, approval date (None: blank in the seed),
# key fixed amount, printed percent
PARTIES_2017 = [
    ("Dijon Métropole", "Dijon Métropole", "coordinator", "François REBSAMEN", "Président", "Conseil métropolitain",
     D(2017, 6, 29), None, None),
    ("CCAS de Chenôve", "Chenôve", "paying", "Thierry FALCONNET", "Président", "Centre Communal d'Action Sociale",
     None, "1224", "16"),
    ("Caisse des écoles de Dijon", "Dijon", "paying", "Anne DILLENSEGER", "Présidente déléguée",
     "Comité de la Caisse des Écoles", None, "4738", "63"),
    ("CCAS de Longvic", "Longvic", "paying", "José ALMEIDA", "Président", "Centre Communal d'Action Sociale",
     None, "792", "10"),
    ("CCAS de Quetigny", "Quetigny", "paying", "Rémi DETANG", "Président", "Centre Communal d'Action Sociale",
     None, "330", "4"),
    ("CCAS de Talant", "Talant", "paying", "Gilbert MENUT", "Président", "Centre Communal d'Action Sociale",
     None, "416", "5"),
]  # fmt: skip

# Demo data (not in the seed): issue date of the 2017 calls for funds and payments received.
DEMO_ISSUE_DATE_2017 = D(2017, 9, 15)
DEMO_PAYMENTS_2017 = [  # party short name, amount, date, reference
    ("CCAS de Chenôve", "1224.00", D(2017, 10, 12), "Virement (démo)"),
    ("Caisse des écoles de Dijon", "4738.00", D(2017, 10, 20), "Virement (démo)"),
    ("CCAS de Longvic", "400.00", D(2017, 11, 6), "Acompte (démo)"),
]

CPO_TITLE = "Convention pluriannuelle d'objectifs 2024 – 2026 : Coordination des PRE de la Métropole"
CPO_OBJECT = (
    "Missions confiées à Dijon Métropole : la coordination ; l'accompagnement vers les soins psychologiques des "
    "jeunes à travers un soutien financier des séances de psychologues sur les territoires ; l'initiative de la "
    "réflexion et la coordination d'actions en faveur des enfants/jeunes et leur famille accompagnés dans le cadre "
    "des programmes de réussite éducative ; la mise en œuvre d'actions de formations et d'analyse de la pratique en "
    "direction des équipes qui interviennent sur chaque territoire."
)
CPO_PARTIES = [  # short name, display name, role
    ("Dijon Métropole", "Dijon Métropole", "coordinator"),
    ("CCAS de Dijon", "CCAS de Dijon", "paying"),
    ("CCAS de Chenôve", "CCAS de Chenôve", "paying"),
    ("CCAS de Longvic", "CCAS de Longvic", "paying"),
    ("CCAS de Talant", "CCAS de Talant", "paying"),
    ("Ville de Quetigny", "Ville de Quetigny", "paying"),
]


def _org(short_name):
    return Organisation.objects.get(short_name=short_name)


def _kind(code):
    return ActionKind.default(code)


def load():
    network = Network.objects.get(name=NETWORK_NAME)
    _load_2017(network)
    _load_cpo(network)


def _load_2017(network):
    source = SourceDocument.objects.filter(code="convention-2017").first()
    convention, created = Convention.objects.update_or_create(
        network=network,
        reference=REF_2017,
        defaults={
            "title": TITLE_2017,
            "object": OBJECT_2017,
            "preamble": PREAMBLE_2017,
            "kind": Convention.Kind.ANNUAL,
            "first_year": 2017,
            "last_year": 2017,
            "starts_on_signature": True,
            "start_date": None,
            "end_date": D(2017, 12, 31),
            "originals_count": 6,
            "place": "Dijon",
            "rounding_unit": Convention.RoundingUnit.EURO,
            "capped_by_state_allocation": True,
            "payment_terms": "Le versement interviendra en une fois sur appel de fonds de Dijon Métropole, dès "
            "adoption et notification de la présente convention.",
            "source": source,
        },
    )
    for position, (number, title, body) in enumerate(ARTICLES_2017, start=1):
        ConventionArticle.objects.update_or_create(
            convention=convention, position=position, defaults={"number": number, "title": title, "body": body}
        )
    funding_year, _ = FundingYear.objects.update_or_create(
        convention=convention,
        year=2017,
        defaults={
            "total_cost": Decimal("17500"),
            "printed_total_cost": Decimal("17500"),
            "shared_total": Decimal("7500"),
            "printed_shared_total": Decimal("7500.00"),
            "key_kind": FundingYear.KeyKind.FIXED,
        },
    )
    for position, (code, amount) in enumerate(
        [("analyse-de-la-pratique", "4300"), ("accompagnement-psychologique", "13200")], start=1
    ):
        BudgetLine.objects.update_or_create(
            convention=convention,
            year=2017,
            action_kind=_kind(code),
            defaults={"position": position, "planned_amount": Decimal(amount), "printed_amount": Decimal(amount)},
        )
    for position, (short, display, role, signatory, capacity, body, approved_on, fixed, printed_pct) in enumerate(
        PARTIES_2017, start=1
    ):
        party, _ = ConventionParty.objects.update_or_create(
            convention=convention,
            organisation=_org(short),
            defaults={
                "role": role,
                "position": position,
                "display_name": display,
                "signatory_name": signatory,
                "signatory_capacity": capacity,
                "approval_body": body,
                "approval_date": approved_on,
                # The calls for funds were issued "dès adoption": every party approved; the seed leaves
                # the commune bodies' dates blank, so they stay unknown.
                "has_approved": True,
            },
        )
        if role == "coordinator":
            defaults = {
                "kind": FundingShare.Kind.CONTRIBUTION,
                "fixed_amount": Decimal("10000"),
                "amount": Decimal("10000"),
                "printed_amount": Decimal("10000"),
                "printed_percent": None,
            }
        else:
            defaults = {
                "kind": FundingShare.Kind.KEY,
                "fixed_amount": Decimal(fixed),
                "printed_amount": Decimal(fixed),
                "printed_percent": Decimal(printed_pct),
            }
            StateConvention.objects.update_or_create(
                party=party,
                defaults={"end_date": D(2017, 12, 31), "status": StateConvention.Status.EXPIRED},
            )
        FundingShare.objects.update_or_create(funding_year=funding_year, party=party, defaults=defaults)
    services.compute_split(funding_year)

    if convention.status == Convention.Status.DRAFT:
        note = "Donnée de démonstration : la convention imprimée ne date pas cette étape."
        for status in (Convention.Status.APPROVED, Convention.Status.SIGNED, Convention.Status.NOTIFIED):
            services.change_status(convention, status, on=None, reason=note, is_demo=True)
        services.change_status(convention, Convention.Status.IN_FORCE, on=None, reason=note, is_demo=True)
        convention.refresh_from_db()
    if not convention.calls_for_funds.exists() and convention.accepts_calls_for_funds:
        services.issue_calls_for_funds(convention, 2017, issue_date=DEMO_ISSUE_DATE_2017, is_demo=True)
        for short, amount, paid_on, reference in DEMO_PAYMENTS_2017:
            call = CallForFunds.objects.get(convention=convention, year=2017, party__organisation__short_name=short)
            if not Payment.objects.filter(call=call).exists():
                services.record_payment(
                    call, amount=Decimal(amount), paid_on=paid_on, reference=reference, is_demo=True
                )
        services.change_status(
            convention,
            Convention.Status.EXPIRED,
            on=D(2017, 12, 31),
            reason="Terme de la convention (article 7 : jusqu'au 31 décembre 2017).",
        )


def _load_cpo(network):
    source = SourceDocument.objects.filter(code="extrait-ccas-dijon-2024-10-02").first()
    convention, _ = Convention.objects.update_or_create(
        network=network,
        reference=REF_CPO,
        defaults={
            "title": CPO_TITLE,
            "object": CPO_OBJECT,
            "kind": Convention.Kind.CPO,
            "first_year": 2024,
            "last_year": 2026,
            "starts_on_signature": True,
            "end_date": D(2026, 12, 31),
            "rounding_unit": Convention.RoundingUnit.EURO,
            "source": source,
        },
    )
    parties = {}
    for position, (short, display, role) in enumerate(CPO_PARTIES, start=1):
        defaults = {"role": role, "position": position, "display_name": display}
        if short == "CCAS de Dijon":
            defaults.update(
                {
                    "approval_body": "Conseil d'administration du CCAS de Dijon",
                    # The extract prints no deliberation number: the date is the reference; the
                    # governance registry links the deliberation itself.
                    "approval_reference": "",
                    "approval_date": D(2024, 10, 2),
                    "has_approved": True,
                }
            )
        parties[short], _ = ConventionParty.objects.update_or_create(
            convention=convention, organisation=_org(short), defaults=defaults
        )
    for year in (2024, 2025, 2026):
        funding_year, _ = FundingYear.objects.update_or_create(
            convention=convention,
            year=year,
            defaults={
                "total_cost": Decimal("20000"),
                "printed_total_cost": Decimal("20000"),
                "shared_total": None,  # not stated by the seeds: à définir
                "key_kind": FundingYear.KeyKind.FIXED,
            },
        )
        for short, party in parties.items():
            if short == "Dijon Métropole":
                defaults = {
                    "kind": FundingShare.Kind.CONTRIBUTION,
                    "fixed_amount": Decimal("12500"),
                    "amount": Decimal("12500"),
                    "printed_amount": Decimal("12500"),
                }
            elif short == "CCAS de Dijon":
                defaults = {
                    "kind": FundingShare.Kind.KEY,
                    "fixed_amount": Decimal("4820"),
                    "amount": Decimal("4820"),
                    "printed_amount": Decimal("4820"),
                }
            else:
                defaults = {"kind": FundingShare.Kind.KEY, "fixed_amount": None, "amount": None}
            FundingShare.objects.update_or_create(funding_year=funding_year, party=party, defaults=defaults)
