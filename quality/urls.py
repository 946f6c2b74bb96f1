from django.urls import path

from quality import views

app_name = "quality"

urlpatterns = [
    path("", views.month_page, name="month"),
    path("completeness/", views.completeness_page, name="completeness"),
    path("rules/", views.RuleListView.as_view(), name="rules"),
    path("rules/new/", views.RuleCreateView.as_view(), name="rule-create"),
    path("rules/<int:pk>/", views.RuleUpdateView.as_view(), name="rule-edit"),
]
