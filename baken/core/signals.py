"""Signals the shared pieces send, so apps above `core` can react without `core` knowing them."""

from django.dispatch import Signal

# Sent by the quick exit before it answers: apps end whatever the visitor had open
# (the chat deletes the visitor's conversation). Arguments: request.
quick_exit = Signal()
