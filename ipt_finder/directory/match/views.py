"""Views for the guided match, the shortlist, the comparison and the cost of a course.

None of them keeps the person's answers: they arrive in the query string (or,
for the shortlist, a signed cookie), and responses are marked not to be cached.
"""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from ipt_finder.directory.compare.shortlist import Shortlist
from ipt_finder.directory.compare.views import CARRIED_TO_COMPARE
from ipt_finder.directory.costs import lowcost
from ipt_finder.directory.costs.views import CARRIED_TO_COST
from ipt_finder.directory.match.criteria import CREDIT, STATUS_LABELS
from ipt_finder.directory.match.forms import STEPS, MatchForm
from ipt_finder.directory.match.scoring import CRITERIA, Match
from ipt_finder.directory.web.query import subset


def step_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), len(STEPS))


def render_step(request, form, step, status=200):
    return render(
        request,
        "directory/match/step.html",
        {
            "form": form,
            "step": step,
            "steps": STEPS,
            "questions": form.questions(step),
            "carried": form.carried(step),
            "previous": step.number - 1 if step.number > 1 else None,
            "next": STEPS[step.number] if step.number < len(STEPS) else None,
        },
        status=status,
    )


@method_decorator(never_cache, name="dispatch")
class MatchView(View):
    """One step of the questionnaire; the buttons say which step comes next."""

    def get(self, request):
        if "step" not in request.GET:
            return render_step(request, MatchForm(), STEPS[0])
        form = MatchForm(request.GET)
        if not form.is_valid():
            return render_step(request, form, form.first_error_step(), status=400)
        go = request.GET.get("go") or request.GET.get("step")
        if go == "results":
            return redirect(f"{reverse('directory:match-results')}?{form.answers().urlencode()}")
        return render_step(request, form, STEPS[step_number(go) - 1])


@method_decorator(never_cache, name="dispatch")
class MatchResultsView(View):
    paginate_by = 10

    def get(self, request):
        form = MatchForm(request.GET)
        if not form.is_valid():
            return render_step(request, form, form.first_error_step(), status=400)
        data = form.cleaned_data
        match = Match(data, labels=form.labels())
        page = Paginator(match.results(), self.paginate_by).get_page(request.GET.get("page"))
        answers = form.answers()
        shortlist = Shortlist.from_request(request)
        compare = subset(answers, CARRIED_TO_COMPARE)
        compare.setlist("t", shortlist.slugs)
        context = {
            "form": form,
            "match": match,
            "page_obj": page,
            "results": match.explain(page.object_list),
            "answers": answers.urlencode(),
            "change_url": f"{reverse('directory:match')}?step=1&{answers.urlencode()}",
            "compare_url": f"{reverse('directory:compare')}?{compare.urlencode()}",
            "cost_query": subset(answers, CARRIED_TO_COST).urlencode(),
            "shortlist": shortlist,
            "criteria": CRITERIA,
            "credit": CREDIT,
            "status_labels": STATUS_LABELS,
        }
        if not page.paginator.count and match.requirements:
            context["dead_end"] = [
                (answer, count, form.as_preference(answer.criterion.key).urlencode())
                for answer, count in match.dead_end()
            ]
        squeeze = match.budget_squeeze()
        if squeeze and lowcost.squeezed(*squeeze):
            context["squeeze"] = squeeze
            context["low_cost"] = lowcost.low_cost_path_for(data)
        return render(request, "directory/match/results.html", context)
