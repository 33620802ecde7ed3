from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "reussite.funding"
    label = "funding"
    verbose_name = "Conventions et financements"
