from django.urls import path

from . import match_views, submission_views, views

app_name = "directory"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.TherapistSearchView.as_view(), name="search"),
    path("therapists/<slug:slug>/", views.TherapistDetailView.as_view(), name="therapist-detail"),
    path("therapists/<slug:slug>/report/", views.ReportView.as_view(), name="therapist-report"),
    path(
        "therapists/<slug:slug>/cost/",
        match_views.TherapistCostView.as_view(),
        name="therapist-cost",
    ),
    path("match/", match_views.MatchView.as_view(), name="match"),
    path("match/results/", match_views.MatchResultsView.as_view(), name="match-results"),
    path("compare/", match_views.CompareView.as_view(), name="compare"),
    path("shortlist/add/", match_views.ShortlistAddView.as_view(), name="shortlist-add"),
    path("shortlist/remove/", match_views.ShortlistRemoveView.as_view(), name="shortlist-remove"),
    path("low-cost/", match_views.LowCostView.as_view(), name="low-cost"),
    path(
        "therapists/<slug:slug>/correct/",
        submission_views.SubmissionView.as_view(),
        name="submit-correction",
    ),
    path("submit/", submission_views.SubmissionView.as_view(), name="submit"),
    path("submit/thanks/", submission_views.SubmissionDoneView.as_view(), name="submit-done"),
]
