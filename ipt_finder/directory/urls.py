from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.TherapistSearchView.as_view(), name="search"),
    path("therapists/<slug:slug>/", views.TherapistDetailView.as_view(), name="therapist-detail"),
    path("therapists/<slug:slug>/report/", views.ReportView.as_view(), name="therapist-report"),
]
