"""Guidance pages: Markdown from the repository, the directory entries that fit, and the
meldcode checklist (answers only in POST bodies; nothing saved)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from baken.directory.selectors import directory_snapshot
from baken.directory.vocabulary import Violence
from baken.guidance import content, referral
from baken.guidance import meldcode as checklist

PROFESSIONAL_PAGES = [("responding", "guidance:responding"), ("blaming", "guidance:blaming"),
                      ("perpetrator", "guidance:perpetrator"), ("meldcode", "guidance:meldcode")]  # fmt: skip


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    professional = [{"page": content.page(slug), "url_name": name} for slug, name in PROFESSIONAL_PAGES]
    topics = [{"page": content.page(code), "code": code} for code in Violence.values]
    return render(request, "guidance/index.html", {"professional": professional, "topics": topics})


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    page = content.page(slug)
    return render(request, "guidance/article.html", {"page": page, "source_pages": [page]})


@require_GET
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in Violence.values:
        raise Http404("No such page.")
    moment = timezone.now()
    shown, total = referral.serving_violence(directory_snapshot(), slug)
    organisations = [
        {
            "org": org,
            "open": org.open_at(moment),
            "next_open": org.next_open(moment),
            "for_perpetrators": referral.for_perpetrators_only(org),
        }
        for org in shown
    ]
    page, help_or_report = content.page(slug), content.page("_help_or_report")
    context = {
        "page": page,
        "help_or_report": help_or_report,
        "source_pages": [page, help_or_report],
        "organisations": organisations,
        "more": total - len(shown),
        "code": slug,
    }
    return render(request, "guidance/topic.html", context)


# No CSRF token: the checklist stores and changes nothing, and a token would be a cookie in the
# browser of a professional who only worked through it (docs/accessibility.md).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def meldcode(request: HttpRequest) -> HttpResponse:
    """Five steps, each a POST of the whole form; "back" and "next" move between them."""
    step = 1
    form = checklist.MeldcodeForm(request.POST or None, initial={"step": 1})
    if request.method == "POST":
        sent = form.data.get("step", "1")
        current = int(sent) if sent.isdigit() and 1 <= int(sent) <= checklist.RESULT else 1
        going_back = request.POST.get("go") == "back"
        if going_back:
            form.is_valid()  # keep what was answered; no errors shown when going back
            form.errors.clear()
            step = max(1, current - 1)
        elif current < checklist.RESULT and form.check_step(current):
            step = current + 1
        else:
            step = min(current, checklist.STEPS)
    form.mark_required(step)
    context = _meldcode_context(form, step)
    if request.headers.get("HX-Request"):
        # htmx swaps only 2xx answers; the step with its error messages must still appear.
        return render(request, "guidance/_meldcode_step.html", context)
    return render(request, "guidance/meldcode.html", context, status=400 if form.errors else 200)


def _meldcode_context(form: checklist.MeldcodeForm, step: int) -> dict[str, object]:
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    page = content.page("meldcode")
    context: dict[str, object] = {
        "page": page,
        "source_pages": [page],
        "form": form,
        "step": step,
        "steps": checklist.STEPS,
        "step_titles": [(n, checklist.step_title(n, data.get("who"))) for n in range(1, checklist.STEPS + 1)],
        "step_title": checklist.step_title(step, data.get("who")),
        "person": form.word,
        "visible": form.visible_fields_for(step),
        "hidden": form.hidden_fields_for(step),
        "is_result": step == checklist.RESULT,
    }
    snapshot = directory_snapshot()
    if step == 2:
        context["veilig_thuis"] = next((o for o in snapshot if o.slug == referral.VEILIG_THUIS), None)
    if step >= checklist.STEPS:
        context["advice"] = checklist.advice(data)
    if step == checklist.RESULT:
        decision = set(data.get("decision") or ())
        advice = checklist.advice(data)
        context["decision"] = decision
        context["matches"] = referral.meldcode_matches(
            snapshot,
            violence=data.get("violence") or (),
            report="report" in decision,
            organise_help="organise_help" in decision,
            acute=advice.acute,
            ask_advice=advice.ask_advice,
        )
    return context
