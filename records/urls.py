from django.urls import path

from records import definition_views, views

app_name = "records"

urlpatterns = [
    path("", views.uploads, name="uploads"),
    path("recount/", views.recount, name="recount"),
    path("definitions/", definition_views.definitions, name="definitions"),
    path("<int:pk>/", views.upload_detail, name="upload"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/figures/", views.figures, name="figures"),
    path("<int:pk>/trace/", views.trace, name="trace"),
    path("<int:pk>/<slug:list_key>/", views.records_list, name="records"),
]
