"""Django's own form messages, listed here so Baken's Dutch catalogue can say them in plain B1
Dutch (an app's catalogue takes precedence over Django's). "Zorg dat deze waarde ten minste 8
tekens bevat" becomes "Gebruik minstens 8 tekens. Nu zijn het er 5." The msgids must stay
exactly Django's; nothing imports this module, makemessages reads it."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

DJANGO_MESSAGES = (
    _("This field is required."),
    _("Enter a valid email address."),
    _("Enter a whole number."),
    _("Enter a number."),
    _("Enter a valid date."),
    _("Enter a valid time."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Ensure this value is less than or equal to %(limit_value)s."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)
