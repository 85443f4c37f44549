from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("therapists/<slug:slug>/", views.TherapistDetailView.as_view(), name="therapist-detail"),
]
