"""Declaration of personal data held by models.

Every model field whose name looks like personal data (a name, a birth date, an address, a phone
number, an e-mail...) must be declared on its model, either in ``personal_data_fields`` (it is
personal data: it will drive anonymisation and access logging) or in ``non_personal_fields`` with
the reason it is not (e.g. the name of an organisation). A guard test enforces it.

    class Child(models.Model):
        personal_data_fields = {"first_name": "identity", "birth_date": "identity"}
        non_personal_fields = {}
"""

import re

# Categories a personal field can belong to.
CATEGORIES = {
    "identity": "Identité d'une personne",
    "contact": "Coordonnées d'une personne",
    "public_official": "Nom et qualité d'un élu ou représentant, publiés dans les actes",
    "account": "Compte utilisateur",
    "sensitive": "Donnée sensible (santé, situation sociale)",
}

SUSPICIOUS_FIELD_NAME = re.compile(
    r"(^|_)(name|first_name|last_name|surname|nom|prenom|birth|born|naissance|address|adresse|"
    r"street|postal|zip|city|ville|phone|mobile|tel|email|mail|nir|social_security|ssn|iban|"
    r"gender|sex|nationality|signatory|signature|holder|guardian|parent)(_|$)"
)


def looks_personal(field_name: str) -> bool:
    return bool(SUSPICIOUS_FIELD_NAME.search(field_name.lower()))


def undeclared_fields(model) -> list[str]:
    """Fields of ``model`` that look personal and are declared neither way."""
    declared_personal = getattr(model, "personal_data_fields", {}) or {}
    declared_not = getattr(model, "non_personal_fields", {}) or {}
    missing = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created:
            continue
        name = field.name
        if looks_personal(name) and name not in declared_personal and name not in declared_not:
            missing.append(name)
    return missing


def unknown_categories(model) -> list[str]:
    declared = getattr(model, "personal_data_fields", {}) or {}
    return [f"{name}={category}" for name, category in declared.items() if category not in CATEGORIES]
