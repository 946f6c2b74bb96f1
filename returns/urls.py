from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("my-month/", views.MyMonthView.as_view(), name="my_month"),
    path("to-submit/", views.ToSubmitView.as_view(), name="to_submit"),
    path("overview/", views.overview, name="overview"),
    path("overview/values/", views.OverviewValuesView.as_view(), name="overview_values"),
    path("values/<int:pk>/", views.value_page, name="value"),
    path("step/", views.step_page, name="step"),
    path("periods/", views.PeriodListView.as_view(), name="periods"),
    path("periods/open/", views.open_period, name="open_period"),
    path("periods/<month:month>/reopen/", views.reopen_period, name="reopen_period"),
    path("periods/<month:month>/<str:step>/", views.period_step, name="period_step"),
]
