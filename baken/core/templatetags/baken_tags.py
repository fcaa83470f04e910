from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

WIDGET_CLASSES = {
    "TextInput": "utrecht-textbox utrecht-textbox--html-input",
    "EmailInput": "utrecht-textbox utrecht-textbox--html-input",
    "NumberInput": "utrecht-textbox utrecht-textbox--html-input",
    "PasswordInput": "utrecht-textbox utrecht-textbox--html-input",
    "DateInput": "utrecht-textbox utrecht-textbox--html-input",
    "DateTimeInput": "utrecht-textbox utrecht-textbox--html-input",
    "TimeInput": "utrecht-textbox utrecht-textbox--html-input",
    "Textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "Select": "utrecht-select utrecht-select--html-select",
}


@register.filter
def widget(field: BoundField) -> SafeString:
    """Render a field's widget with NL Design System classes and aria-describedby pointing
    at both its help text and its error message."""
    attrs: dict[str, str | bool] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    css = WIDGET_CLASSES.get(type(field.field.widget).__name__)
    if css:
        existing = str(field.field.widget.attrs.get("class", ""))
        attrs["class"] = f"{existing} {css}".strip()
    return field.as_widget(attrs=attrs)


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary links to: the field itself, or the first option of a group."""
    from django.forms.widgets import ChoiceWidget, Select

    w = field.field.widget
    if isinstance(w, ChoiceWidget) and not isinstance(w, Select):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter
def source_document(file: str | None) -> str:
    """A source file's document name for public pages (file names and line numbers are for the
    API and staff views)."""
    from baken.core.sources import document_name

    return document_name(file)


@register.simple_tag
def regroup_documents(pages: list[object]) -> list[str]:
    """The distinct source documents of some pages (each page has `sources` with a `file`)."""
    from baken.core.sources import document_name

    names: list[str] = []
    for page in pages:
        for source in getattr(page, "sources", ()):
            file = source.get("file") if isinstance(source, dict) else getattr(source, "file", None)
            name = document_name(file)
            if name not in names:
                names.append(name)
    return names
