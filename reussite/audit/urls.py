from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("historique/", views.change_history, name="change_history"),
    path("connexions/", views.sign_in_events, name="sign_in_events"),
]
