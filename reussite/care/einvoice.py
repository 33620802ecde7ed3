"""The invoice as Factur-X (EN 16931 profile): its CII XML built with the ``factur-x`` library (Akretion)
from the invoice's printed facts, embedded in the PDF/A-3 the platform renders.

Only for a provider with a SIRET (the seller's identifier, scheme 0009): without it there is no
Factur-X, the PDF/A alone is the invoice. The sessions are exempt from VAT (art. 261-4-1° CGI): VAT
category « E » at 0 % with the exemption reason. The XML is checked against the XSD of the profile
(the schematron needs a Saxon server, which the platform does not run).
"""

from decimal import Decimal

from .billing import VAT_MENTION
from .models import CareInvoice

EXEMPT = "E"
ZERO = "0.00"


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _seller(provider) -> dict:
    party = {
        "name": provider.name,
        "identifiers": {"0009": provider.siret},  # SIRET
        "legal_identifier": provider.siret[:9],  # SIREN
        "legal_identifier_schemeid": "0002",
        # No VAT number for an exempt health professional: the SIREN as tax registration (BR-E-2).
        "tax_identifier": provider.siret[:9],
        "country_code": "FR",
    }
    if provider.address:
        party["addr_l1"] = provider.address
    return party


def _buyer(payer) -> dict:
    party = {"name": payer.name if payer else "Métropole", "country_code": "FR"}
    if payer is not None and payer.siret:
        party["identifiers"] = {"0009": payer.siret}
    if payer is not None and payer.address:
        party["addr_l1"] = payer.address
    return party


def invoice_data(invoice: CareInvoice, payer, lines) -> dict:
    """The EN 16931 business terms (BT-…) of ``invoice``: seller the provider, buyer the métropole."""
    provider = invoice.psychologist.organisation
    total = _money(invoice.total)
    data = {
        "BT-1": invoice.display_number,
        "BT-2": invoice.issued_on,
        "BT-3": "380",  # commercial invoice
        "BT-5": "EUR",
        "BT-9": invoice.due_on,
        "BT-72": max(line.date for line in lines),  # the last session invoiced
        "BT-73": min(line.date for line in lines),
        "BT-74": max(line.date for line in lines),
        "BT-20": "Paiement à 30 jours (délai légal des personnes publiques).",
        "BG-4": _seller(provider),
        "BG-7": _buyer(payer),
        "BG-1": [{"BT-21": "AAI", "BT-22": VAT_MENTION}],
        "BG-23": [
            {
                "BT-116": total,
                "BT-116-1": "EUR",
                "BT-117": ZERO,
                "BT-117-1": "EUR",
                "BT-118": EXEMPT,
                "BT-119": ZERO,
                "BT-120": VAT_MENTION,
            }
        ],
        "BT-106": total,
        "BT-109": total,
        "BT-110": ZERO,
        "BT-112": total,
        "BT-115": total,
        "BG-25": [
            {
                "BT-126": str(n),
                "BT-153": f"Séance de soutien psychologique du {line.date:%d/%m/%Y} — enfant {line.child_code}",
                "BT-146": _money(line.amount),
                "BT-129": "1",
                "BT-130": "C62",  # one (a session)
                "BT-151": EXEMPT,
                "BT-152": ZERO,
                "BT-131": _money(line.amount),
            }
            for n, line in enumerate(lines, start=1)
        ],
    }
    return data


def has_factur_x(invoice: CareInvoice) -> bool:
    return bool(invoice.number and invoice.issued_on and invoice.psychologist.organisation.siret)


def factur_x_xml(invoice: CareInvoice, payer, lines) -> bytes:
    from facturx import generate_cii_xml  # lazily: lxml and the XSDs load only for this document

    return generate_cii_xml(invoice_data(invoice, payer, lines), level="en16931", check_schematron=False)


def embed(pdf: bytes, xml: bytes) -> bytes:
    """The PDF/A-3 with its Factur-X XML attached (``factur-x.xml``, relationship « Data »)."""
    from facturx import generate_from_binary

    return generate_from_binary(pdf, xml, flavor="factur-x", level="en16931", check_xsd=False, lang="fr-FR")
