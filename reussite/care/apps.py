from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "reussite.care"
    label = "care"
    verbose_name = "Soutien psychologique"
