app_name = "funding_exchange"
urlpatterns = []
