from django.urls import path

from packs import views

app_name = "packs"

urlpatterns = [
    path("", views.PackListView.as_view(), name="list"),
    path("build/", views.BuildPackView.as_view(), name="build"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendations"),
    path("recommendations/add/", views.add_recommendation, name="add_recommendation"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path(
        "recommendations/<int:pk>/change/",
        views.edit_recommendation,
        name="change_recommendation",
    ),
    path("<month:month>/narrative/", views.edit_narrative, name="narrative"),
    # The stable address of a month's pack: its newest version the reader may read.
    path("<month:month>/", views.latest_pack, name="latest"),
    path("<month:month>/v<int:version>/", views.pack_detail, name="detail"),
    path("<month:month>/v<int:version>/status/", views.pack_status, name="status"),
    path("<month:month>/v<int:version>/publish/", views.publish_pack, name="publish"),
    path("<month:month>/v<int:version>/withdraw/", views.withdraw_pack, name="withdraw"),
    path("<month:month>/v<int:version>/<str:kind>/", views.download, name="download"),
]
