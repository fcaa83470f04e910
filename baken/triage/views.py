"""Thin views of the help finder. Answers travel in POST bodies only (hidden fields; nothing is
stored server-side, no session); every page is `no-store` (core middleware) with a neutral title.

The flow views are exempt from CSRF checks on purpose: they change nothing but anonymous
counters, and leaving out the token keeps a help seeker's browser free of Baken cookies until
they ask for a handover (see docs/adr/0021-help-finder-answers-in-hidden-fields.md).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baken.core.translations import public_language
from baken.directory.selectors import directory_snapshot
from baken.directory.vocabulary import Violence
from baken.triage import easy as easy_read
from baken.triage import services
from baken.triage.advice import advice_for
from baken.triage.answers import answers_as_fields, query_from_answers
from baken.triage.engine import Query, emergency_for, recommend
from baken.triage.forms import AGE_LABEL_OTHER, NEED_HOW, NEED_WHAT, STEP_NAMES, STEPS, STEPS_BY_NAME, AnswersForm, Step
from baken.triage.models import Outcome
from baken.triage.presenters import first_step

HELPER_ROLES = {"relative", "bystander", "professional"}
logger = logging.getLogger(__name__)


def url_or_none(name: str, **kwargs: Any) -> str | None:
    """Other apps' pages that may not exist yet: link to them only when they do."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _hidden(answers: dict[str, Any], keep_out: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, value in answers.items():
        if name in keep_out:
            continue
        values = value if isinstance(value, list) else [value]
        pairs += [(name, str(v)) for v in values]
    return pairs


def _easy(request: HttpRequest) -> bool:
    """Easy read is on when the form body says so; the switch button flips it."""
    switch = request.POST.get("easy_switch")
    if switch in {"on", "off"}:
        return switch == "on"
    return request.POST.get("easy") == "1"


def _step_page(
    request: HttpRequest,
    step: Step,
    answers: dict[str, Any],
    form: AnswersForm | None = None,
    *,
    easy: bool = False,
) -> HttpResponse:
    if form is None:
        form = AnswersForm(initial=answers)
    if easy:
        for name, label in easy_read.FIELD_LABELS.items():
            form.fields[name].label = label  # type: ignore[assignment]
        for name, help_text in easy_read.FIELD_HELP.items():
            form.fields[name].help_text = help_text  # type: ignore[assignment]
    role = answers.get("role")
    if role in HELPER_ROLES:
        form.fields["age"].label = AGE_LABEL_OTHER
    title, intro = easy_read.STEP_TEXTS.get(step.name, (step.title, None)) if easy else (step.title, step.intro)
    if "age" in step.fields and role in HELPER_ROLES:
        title = AGE_LABEL_OTHER  # the heading asks the question: whose age, as the label does
    position = STEP_NAMES.index(step.name) + 1
    query = query_from_answers(answers)
    context = {
        "step": step,
        "title": title,
        "intro": intro,
        "easy": easy,
        "easy_first_note": easy_read.FIRST_NOTE,
        "easy_emergency_note": easy_read.EMERGENCY_NOTE,
        "form": form,
        "fields": [form[name] for name in step.fields],
        "single": len(step.fields) == 1,
        "hidden": _hidden(answers, step.fields),
        "position": position,
        "total": len(STEPS),
        "first": position == 1,
        "emergency": emergency_for(query, directory_snapshot(), language=get_language() or "nl"),
        "how_values": {value for value, _label in NEED_HOW},
        "what_values": {value for value, _label in NEED_WHAT},
        "last_step": STEPS[-1].name,
        "focus": request.method == "POST",
        "step_errors": form.is_bound and any(form[name].errors for name in step.fields),
    }
    return render(request, "triage/step.html", context)


@csrf_exempt
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The first screen: safety."""
    return _step_page(request, STEPS[0], {})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def flow(request: HttpRequest) -> HttpResponse:
    """One POST per screen: `action` is next, back, skip or results; answers come along."""
    if request.method != "POST":
        return redirect("triage:start")
    form = AnswersForm(request.POST)
    answers = form.valid_answers()
    # The easy-read switch names its screen `screen`, so `step` marks only the question form.
    step = STEPS_BY_NAME.get(request.POST.get("step") or request.POST.get("screen", ""), STEPS[0])
    index = STEP_NAMES.index(step.name)
    action = request.POST.get("action", "next")
    easy = _easy(request)
    if action == "stay":  # the easy-read switch: the same screen, answers kept
        return _step_page(request, step, answers, easy=easy)
    if action == "back":
        return _step_page(request, STEPS[max(index - 1, 0)], answers, easy=easy)
    if action.startswith("edit:") and action[5:] in STEPS_BY_NAME:
        return _step_page(request, STEPS_BY_NAME[action[5:]], answers, easy=easy)
    if action == "skip":
        answers = {name: value for name, value in answers.items() if name not in step.fields}
    elif any(name in form.errors for name in step.fields):
        return _step_page(request, step, answers, form=form, easy=easy)
    if action == "results" or index == len(STEPS) - 1:
        return _results_page(request, answers, easy=easy)
    return _step_page(request, STEPS[index + 1], answers, easy=easy)


def _count(query: Query, outcome: str) -> None:
    """Counters must never stand between a person and the help they asked for."""
    try:
        services.usage_record(answers=query, outcome=outcome)
    except DatabaseError:
        logger.warning("usage counter not written", extra={"event": "triage.usage_failed", "outcome": outcome})


LANGUAGE_NOTE = "N-LANGUAGE-NONE"


def _language_note_in_own_language(query: Query, recommendation: Any) -> dict[str, str] | None:
    """When no service speaks the person's language and Baken does, the note (with how to get an
    interpreter) is shown in that language too: the reader may not read the page's language."""
    own = public_language(query.language)
    if not query.language or own.code != query.language or own.code == public_language(get_language()).code:
        return None
    if not any(note.rule == LANGUAGE_NOTE for note in recommendation.notes):
        return None
    with translation.override(own.code):
        again = recommend(query, directory_snapshot(), language=own.code)
        link = translate_url(reverse("triage:start"), own.code)
    text = next((note.text for note in again.notes if note.rule == LANGUAGE_NOTE), "")
    return {"code": own.code, "dir": own.direction, "name": own.name, "text": text, "url": link} if text else None


# What the buddy sign-up can use of the finder's answers (baken/buddies/forms.py,
# `eligibility_from_help_finder`), and nothing more: the other answers stay here.
BUDDY_FIELDS = ("role", "violence", "since", "age")


def _buddy_fields(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers the buddy sign-up button carries in its form body (never the URL), when the
    person answered about themselves and gave at least one answer the sign-up asks again."""
    if answers.get("role") != "victim" or not any(answers.get(name) for name in BUDDY_FIELDS[1:]):
        return []
    return _hidden({name: value for name, value in answers.items() if name in BUDDY_FIELDS}, ())


def _results_page(request: HttpRequest, answers: dict[str, Any], *, easy: bool = False) -> HttpResponse:
    query: Query = query_from_answers(answers)
    language = get_language() or "nl"
    recommendation = recommend(query, directory_snapshot(), language=language)
    _count(query, Outcome.RESULTS_SHOWN)
    context = {
        "rec": recommendation,
        "first": first_step(recommendation),
        "advice": [{"text": item.text(language), "from_sources": item.from_sources} for item in advice_for(query)],
        "implications": recommendation.implications,
        "relaxed": bool(recommendation.results) and "F-RELAXED" in recommendation.results[0].rules,
        "professional": query.role == "professional",
        "meldcode_url": url_or_none("guidance:meldcode"),
        "easy": easy,
        "easy_texts": easy_read.RESULTS,
        "easy_emergency_note": easy_read.EMERGENCY_NOTE,
        "language_note": _language_note_in_own_language(query, recommendation),
        "hidden": _hidden(answers, ()),
        "handover_url": url_or_none("referrals:start"),
        "handover_fields": answers_as_fields(query),
        "offer_urls": {"buddies": url_or_none("buddies:apply"), "mediation": url_or_none("mediation:register")},
        "buddy_fields": _buddy_fields(answers),
        "helper": query.role in {"relative", "bystander"},
        "last_step": STEPS[-1].name,
        "focus": True,
    }
    return render(request, "triage/results.html", context)


@csrf_exempt
@require_POST
def information(request: HttpRequest) -> HttpResponse:
    """A neutral hop from the results to an information page: counts the visit with only the
    violence code (never other answers) and sends the browser on with 303."""
    violence = request.POST.get("violence")
    violence = violence if violence in Violence.values else None
    page = request.POST.get("page")
    _count(Query(violence=(violence,) if violence else (), needs=("information",)), Outcome.INFORMATION_OPENED)
    index = reverse("guidance:index")
    if page == "responding":
        target = url_or_none("guidance:responding") or index
    elif violence:
        target = url_or_none("guidance:topic", slug=violence) or index
    else:
        target = index
    return HttpResponseRedirect(target, status=303)
