from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="list"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
]
