from django.urls import path

from ipt_finder.directory.compare import views as compare
from ipt_finder.directory.costs import views as costs
from ipt_finder.directory.match import views as match
from ipt_finder.directory.profiles import views as profiles
from ipt_finder.directory.search import views as search
from ipt_finder.directory.submissions import views as submissions

app_name = "directory"

urlpatterns = [
    path("", search.HomeView.as_view(), name="home"),
    path("favicon.ico", search.favicon),
    path("search/", search.TherapistSearchView.as_view(), name="search"),
    path(
        "therapists/<slug:slug>/", profiles.TherapistDetailView.as_view(), name="therapist-detail"
    ),
    path("therapists/<slug:slug>/report/", profiles.ReportView.as_view(), name="therapist-report"),
    path("therapists/<slug:slug>/cost/", costs.TherapistCostView.as_view(), name="therapist-cost"),
    path("match/", match.MatchView.as_view(), name="match"),
    path("match/results/", match.MatchResultsView.as_view(), name="match-results"),
    path("compare/", compare.CompareView.as_view(), name="compare"),
    path("shortlist/add/", compare.ShortlistAddView.as_view(), name="shortlist-add"),
    path("shortlist/remove/", compare.ShortlistRemoveView.as_view(), name="shortlist-remove"),
    path("low-cost/", costs.LowCostView.as_view(), name="low-cost"),
    path(
        "therapists/<slug:slug>/correct/",
        submissions.SubmissionView.as_view(),
        name="submit-correction",
    ),
    path("submit/", submissions.SubmissionView.as_view(), name="submit"),
    path("submit/thanks/", submissions.SubmissionDoneView.as_view(), name="submit-done"),
]
