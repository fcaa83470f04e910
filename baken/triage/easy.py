"""Easy read (makkelijk lezen): the help finder, the results and the emergency information in
short sentences and common words, one idea per sentence (A2 in Dutch).

The switch is remembered only in the form body (the hidden field `easy`), never in a cookie or
the URL, like the answers themselves (docs/adr/0021-help-finder-answers-in-hidden-fields.md).
Every Dutch text here is scored with the Flesch-Douma formula by the tests
(baken/guidance/readability.py, tests/triage/test_easy_read.py), which enforce a threshold.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Per step: (title, intro). The intro may be empty. A step whose own question is already short
# and plain (gender, LGBTIQ+, disability, faith) keeps it (tests/triage/test_easy_read.py).
STEP_TEXTS: dict[str, tuple[Promise, Promise | None]] = {
    "safety": (_("Are you safe?"), _("Is someone in danger? Call 112 first.")),
    "suicide": (_("Do you think about suicide?"), None),
    "role": (_("Who is it about?"), _("You do not have to answer. You can skip every question.")),
    "violence": (_("What happened?"), _("Pick what fits. You do not have to be sure.")),
    "when": (_("When was it?"), None),
    "about": (_("How old are you?"), None),
    "where": (_("Where did it happen?"), _("Only if you want.")),
    "person": (_("Help that fits you"), _("You do not have to answer these questions.")),
    "needs": (_("What helps you now?"), _("Pick one or more. Or pick none.")),
}

# Field labels and help texts in easy read (the choices are short already).
FIELD_LABELS: dict[str, Promise] = {
    "acute": _("Is someone in danger now?"),
    "suicidal": _("Do you think about suicide?"),
    "role": _("Who is it about?"),
    "violence": _("What happened?"),
    "since": _("When was it?"),
    "age": _("How old are you?"),
    "context": _("Where did it happen?"),
    "language": _("Which language do you speak?"),
    "need": _("What helps you now?"),
}
FIELD_HELP: dict[str, Promise] = {
    "violence": _("Pick what fits. You do not have to be sure."),
    "age": _("Write your age in years."),
    "faith": _("Only if you want."),
}

FIRST_NOTE = _("We do not ask your name. We do not keep your answers.")
EMERGENCY_NOTE = _("Call the number. Someone will answer.")

RESULTS: dict[str, Promise] = {
    "title": _("Help for you"),
    "intro": _("Here you find help. You can call or chat. You choose."),
    "open_now": _("Open now"),
    "open_now_intro": _("Here you can talk to someone now."),
    "services": _("Help that fits"),
    "why": _("Why this help?"),
    "reach": _("How to reach them"),
    "on_contact": _("What happens next?"),
}

# Every easy-read text, for the readability table.
ALL_TEXTS: tuple[Promise, ...] = (
    *(text for pair in STEP_TEXTS.values() for text in pair if text is not None),
    *FIELD_LABELS.values(),
    *FIELD_HELP.values(),
    FIRST_NOTE,
    EMERGENCY_NOTE,
    *RESULTS.values(),
)
