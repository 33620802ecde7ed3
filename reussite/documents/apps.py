from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "reussite.documents"
    label = "documents"
    verbose_name = "Documents"
