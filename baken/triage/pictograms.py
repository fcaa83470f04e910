"""Pictograms for the easy-read results (issue 14; docs/adr/0141).

Only where a picture adds meaning for a reader who reads with difficulty: how you reach a
service (call, chat, write, go there, look on a website) and the emergency call. Each is drawn
here as a few SVG strokes (no icon font, no third-party file) and always carries a text
alternative, so a screen reader says what the picture says.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext_lazy

# 24 × 24, drawn with `currentColor` strokes so they follow the text colour and contrast.
PATHS: dict[str, str] = {
    "phone": (
        "M6.6 3h3l1.5 4.5-2.2 1.4a12 12 0 0 0 6.2 6.2l1.4-2.2 4.5 1.5v3a2 2 0 0 1-2 2A17 17 0 0 1 4.6 5a2 2 0 0 1 2-2z"
    ),
    "chat": "M4 5h16v10H9l-5 4z M8 9h8 M8 12h5",
    "write": "M3 6h18v12H3z M3 6l9 7 9-7",
    "visit": "M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11z M12 7.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z",
    "website": "M3 5h18v12H3z M8 21h8 M12 17v4",
    "emergency": "M12 3 2 20h20z M12 9v5 M12 16.5v.5",
}
# What each channel type shows; types without a clear picture get none.
FOR_CHANNEL: dict[str, str] = {
    "phone": "phone",
    "chat": "chat",
    "whatsapp": "chat",
    "email": "write",
    "contact_form": "write",
    "letter": "write",
    "in_person": "visit",
    "website": "website",
    "app": "website",
    "forum": "website",
}
ALTERNATIVES = {
    "phone": pgettext_lazy("pictogram", "Call"),
    "chat": pgettext_lazy("pictogram", "Chat"),
    "write": pgettext_lazy("pictogram", "Write"),
    "visit": pgettext_lazy("pictogram", "Go there"),
    "website": pgettext_lazy("pictogram", "Look on the website"),
    "emergency": pgettext_lazy("pictogram", "Danger"),
}


def pictogram(name: str) -> SafeString:
    """An inline SVG with its text alternative, or nothing for an unknown name."""
    name = FOR_CHANNEL.get(name, name)
    path = PATHS.get(name)
    if path is None:
        return mark_safe("")
    return format_html(
        '<svg class="baken-pictogram" viewBox="0 0 24 24" width="32" height="32" role="img" aria-label="{}" '
        'focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" '
        'stroke-linejoin="round"><path d="{}"/></svg>',
        ALTERNATIVES[name],
        path,
    )
