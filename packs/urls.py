from django.urls import path, register_converter

from audits.urls import MonthConverter
from packs import views

register_converter(MonthConverter, "pack_month")

app_name = "packs"

urlpatterns = [
    path("", views.PackListView.as_view(), name="list"),
    path("build/", views.BuildPackView.as_view(), name="build"),
    # The stable address of a month's pack: its newest version the reader may read.
    path("<pack_month:month>/", views.latest_pack, name="latest"),
    path("<pack_month:month>/v<int:version>/", views.pack_detail, name="detail"),
    path("<pack_month:month>/v<int:version>/status/", views.pack_status, name="status"),
    path("<pack_month:month>/v<int:version>/publish/", views.publish_pack, name="publish"),
    path("<pack_month:month>/v<int:version>/<str:kind>/", views.download, name="download"),
]
