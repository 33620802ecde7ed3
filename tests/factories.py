import datetime

import factory

from reussite.accounts.models import Membership, User
from reussite.territory.models import (
    Commune,
    Network,
    Organisation,
    Programme,
    ProgrammeCarrier,
    Quartier,
    YouthCount,
)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Réseau {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    network = factory.SubFactory(NetworkFactory)
    insee_code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Commune {n}")


class QuartierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quartier

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")
    kind = Quartier.Kind.QPV
    code = factory.Sequence(lambda n: f"QN9{n:05d}")
    valid_from = datetime.date(2024, 1, 1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    network = factory.SubFactory(NetworkFactory)
    kind = Organisation.Kind.CCAS
    name = factory.LazyAttribute(lambda o: f"Organisation {o.short_name}")
    short_name = factory.Sequence(lambda n: f"Organisation {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme; ``carrier=`` makes that organisation carry it since 2020."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    commune = factory.LazyAttribute(lambda o: CommuneFactory(network=o.network))
    name = factory.LazyAttribute(lambda o: f"PRE de {o.commune.name}")

    @factory.post_generation
    def carrier(self, create, organisation, **kwargs):
        if create and organisation is not None:
            ProgrammeCarrier.objects.create(
                programme=self, organisation=organisation, valid_from=datetime.date(2020, 1, 1)
            )


class YouthCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouthCount

    programme = factory.SubFactory(ProgrammeFactory)
    network = factory.LazyAttribute(lambda o: o.programme.network if o.programme else NetworkFactory())
    year = 2016
    count = 10


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Prénom"
    last_name = "Nom"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "reader"
