"""The source documents directory facts and information pages come from, by file name, as
people know them. Public pages show these names; file names and line numbers stay in the API
and staff views."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DOCUMENTS: dict[str, Promise] = {
    "000_8fac628fbcec6fbe.txt": _("Information about the buddy programme, for professionals"),
    "001_816fd686fdf3165a.txt": _(
        "National research report on low-threshold help for victims (with its overview of services)"
    ),
    "002_0a0fa3d22ab7600d.txt": _("Information about restorative mediation (Perspectief Herstelbemiddeling)"),
    "003_7bce98cbd1349537.txt": _("Government programme on the landscape of help"),
    "004_2695b8b9f0b9b1df.txt": _("National programme on domestic and sexual violence"),
}


def document_name(file: str | None) -> str:
    if not file:
        return str(_("Information from the organisation itself, still to be checked by us"))
    return str(DOCUMENTS.get(file, _("A document of the Baken editors")))
