"""The visitor's pages without JavaScript (form posts and a meta refresh), the worker console,
and the quick exit ending the conversation on the server."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from baken.chat.models import Conversation, Message
from baken.referrals.models import Referral
from tests.conftest import verified_client

from .conftest import CSG_QUEUE, VT_QUEUE

pytestmark = pytest.mark.django_db


def start_without_js(client: Client) -> None:
    response = client.post(
        f"/chat/{CSG_QUEUE}/",
        {"action": "start", "share": "yes", "role": "victim", "violence": "sexual_violence"},
    )
    assert response.status_code == 302 and response["Location"] == "/chat/gesprek/"


def test_a_visitor_chats_with_a_worker_using_forms_only(on_duty: dict[str, Any]) -> None:
    visitor = Client()
    page = visitor.get(f"/chat/{CSG_QUEUE}/")
    assert page.status_code == 200 and b"Chat beginnen" in page.content
    start_without_js(visitor)
    waiting = visitor.get("/chat/gesprek/")
    assert b'http-equiv="refresh"' in waiting.content
    assert b"nummer 1" in waiting.content  # "You are number 1 in line." in Dutch
    visitor.post("/chat/gesprek/", {"action": "send", "text": "Mag ik iets vragen?"})

    worker = verified_client(on_duty["anna"])
    accepted = worker.post("/chat/werk/volgende/")
    conversation = Conversation.objects.get()
    assert accepted["Location"] == f"/chat/werk/{conversation.public_id}/"
    work = worker.get(accepted["Location"])
    assert b"Mag ik iets vragen?" in work.content
    assert b"Seksueel geweld" in work.content  # the shared answers, in words
    worker.post(f"/chat/werk/{conversation.public_id}/actie/", {"action": "send", "text": "Natuurlijk."})

    page = visitor.get("/chat/gesprek/")
    assert b"Natuurlijk." in page.content
    ended = visitor.post("/chat/gesprek/stoppen/")
    assert ended.status_code == 200 and not Conversation.objects.exists() and not Message.objects.exists()
    assert worker.get(f"/chat/werk/{conversation.public_id}/").status_code == 404


def test_no_conversation_id_or_answer_in_any_url(on_duty: dict[str, Any]) -> None:
    visitor = Client()
    start_without_js(visitor)
    conversation = Conversation.objects.get()
    page = visitor.get("/chat/gesprek/").content.decode()
    assert str(conversation.public_id) not in page


def test_a_closed_queue_says_so_and_shows_what_is_open(personas: dict[str, Any]) -> None:
    page = Client().get(f"/chat/{CSG_QUEUE}/")
    assert page.status_code == 200
    assert b'data-testid="chat-closed"' in page.content
    assert b"/chat/vt-chat/" not in page.content or b"Chat" in page.content
    assert b"Veilig Thuis" in page.content  # open by its hours (the fixture's 24/7 queue channel)


def test_quick_exit_ends_the_conversation_on_the_server(on_duty: dict[str, Any]) -> None:
    visitor = Client()
    start_without_js(visitor)
    assert Conversation.objects.count() == 1
    response = visitor.post("/exit/")
    assert response.status_code == 302
    assert not Conversation.objects.exists()


def test_the_console_needs_the_chat_permission(on_duty: dict[str, Any]) -> None:
    assert Client().get("/chat/werk/").status_code == 302  # to the login
    assert verified_client(on_duty["eva"]).get("/chat/werk/").status_code == 403  # platform admin
    assert verified_client(on_duty["anna"]).get("/chat/werk/").status_code == 200


def test_sign_in_accept_and_close_from_the_console(personas: dict[str, Any]) -> None:
    worker = verified_client(personas["anna"])
    worker.post("/chat/werk/aanmelden/", {"queues": [CSG_QUEUE], "capacity": "1"})
    visitor = Client()
    start_without_js(visitor)
    worker.post("/chat/werk/volgende/")
    conversation = Conversation.objects.get()
    worker.post(f"/chat/werk/{conversation.public_id}/actie/", {"action": "close", "outcome": "information"})
    assert not Conversation.objects.exists()
    assert visitor.get("/chat/gesprek/").status_code == 200  # "the chat has ended"


def test_a_phone_call_is_recorded_with_answers_and_recommendations(on_duty: dict[str, Any]) -> None:
    worker = verified_client(on_duty["anna"])
    response = worker.post(
        "/chat/werk/telefoon/", {"queue": CSG_QUEUE, "role": "victim", "violence": "sexual_violence", "age": "30"}
    )
    call = Conversation.objects.get(kind="phone")
    assert call.answers == {"role": "victim", "violence": ["sexual_violence"], "age": 30}
    page = worker.get(response["Location"])
    assert b'data-testid="recommendations"' in page.content


def test_supervisor_overview(on_duty: dict[str, Any]) -> None:
    page = verified_client(on_duty["bram"]).get("/chat/werk/overzicht/")
    assert page.status_code == 200 and b"anna" in page.content
    assert verified_client(on_duty["anna"]).get("/chat/werk/overzicht/").status_code == 403


def test_the_help_finder_offers_chat_now_on_an_open_baken_queue(on_duty: dict[str, Any]) -> None:
    """The queue is a directory channel, so the help finder recommends it like any other
    channel, with a 'Chat nu' button that carries the answers (by POST) to the queue."""
    html = Client().post(
        "/vragen/", {"step": "role", "action": "results", "role": "victim", "violence": "sexual_violence"}
    )
    content = html.content.decode()
    assert f'action="/chat/{CSG_QUEUE}/"' in content and "Chat nu" in content
    chat_form = content.split(f'action="/chat/{CSG_QUEUE}/"', 1)[1].split("</form>", 1)[0]
    assert 'name="role" value="victim"' in chat_form


def test_console_polling_runs_the_idle_sweep_at_most_every_30_seconds(on_duty: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    worker = verified_client(on_duty["anna"])
    visitor = Client()
    start_without_js(visitor)
    worker.post("/chat/werk/volgende/")
    Conversation.objects.update(last_activity_at=timezone.now() - timedelta(minutes=11))
    assert worker.get("/chat/werk/stand/").json()["conversations"]
    assert Message.objects.filter(sender="system").count() == 2  # joined + the inactivity notice
    Conversation.objects.update(last_activity_at=timezone.now() - timedelta(minutes=6))
    worker.get("/chat/werk/stand/")  # within 30 s: no second sweep
    assert Conversation.objects.exists()


def _proposed_without_js(on_duty: dict[str, Any], visitor: Client) -> Any:
    start_without_js(visitor)
    worker = verified_client(on_duty["anna"])
    worker.post("/chat/werk/volgende/")
    conversation = Conversation.objects.get()
    visitor.post("/chat/gesprek/", {"action": "send", "text": "Het gebeurt thuis"})
    # The worker's form no longer has a consent box for a chat: it puts the question instead.
    work = worker.get(f"/chat/werk/{conversation.public_id}/").content.decode()
    assert 'id="transfer-consent"' not in work
    worker.post(f"/chat/werk/{conversation.public_id}/actie/", {"action": "transfer", "queue": VT_QUEUE})
    assert Conversation.objects.get().queue.slug == CSG_QUEUE  # nothing moved yet
    return Conversation.objects.get()


def test_the_visitor_accepts_a_transfer_without_javascript(on_duty: dict[str, Any]) -> None:
    visitor = Client()
    conversation = _proposed_without_js(on_duty, visitor)
    page = visitor.get("/chat/gesprek/").content.decode()
    assert 'data-testid="chat-proposal"' in page and "Veilig Thuis" in page
    assert "Ja, doorsturen" in page and ">Nee<" in page
    visitor.post(
        "/chat/gesprek/",
        {"action": "consent-yes", "proposal": conversation.proposal["id"], "transcript": "yes"},
    )
    moved = Conversation.objects.get()
    assert moved.queue.slug == VT_QUEUE and moved.status == "waiting" and moved.transcript_travels
    assert "Het gebeurt thuis" in [m.text for m in moved.messages.all()]
    assert 'data-testid="chat-proposal"' not in visitor.get("/chat/gesprek/").content.decode()


def test_the_visitor_refuses_a_transfer_without_javascript(on_duty: dict[str, Any]) -> None:
    visitor = Client()
    conversation = _proposed_without_js(on_duty, visitor)
    visitor.post("/chat/gesprek/", {"action": "consent-no", "proposal": conversation.proposal["id"]})
    held = Conversation.objects.get()
    assert held.queue.slug == CSG_QUEUE and held.status == "active" and held.proposal == {}


def test_the_supervisor_overview_refreshes_itself(on_duty: dict[str, Any]) -> None:
    page = verified_client(on_duty["bram"]).get("/chat/werk/overzicht/").content.decode()
    assert 'hx-trigger="every 10s"' in page and 'hx-select="#overview-rows"' in page
    assert 'http-equiv="refresh"' in page  # without JavaScript


CANNED = "/chat/werk/teksten/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anna", 403), ("chris", 403), ("dewi", 403), ("bram", 200)],
)
def test_only_an_organisation_admin_opens_the_canned_text_editor(
    on_duty: dict[str, Any], persona: str, status: int
) -> None:
    assert verified_client(on_duty[persona]).get(CANNED).status_code == status


def test_an_organisation_admin_keeps_only_their_own_organisations_texts(on_duty: dict[str, Any]) -> None:
    from baken.audit.models import AuditEvent
    from baken.chat.models import CannedText
    from baken.directory.models import Organisation

    vt = Organisation.objects.get(slug="veilig-thuis")
    theirs = CannedText.objects.create(organisation=vt, title="VT welkom", text="Welkom bij Veilig Thuis.")
    bram = verified_client(on_duty["bram"])
    listed = bram.get(CANNED).content.decode()
    assert "VT welkom" not in listed
    # Another organisation's text cannot be opened, changed or deleted.
    assert bram.get(f"{CANNED}{theirs.pk}/").status_code == 404
    assert bram.post(f"{CANNED}{theirs.pk}/", {"action": "delete"}).status_code == 404
    assert CannedText.objects.filter(pk=theirs.pk).exists()

    refused = bram.post(CANNED, {"title": "", "text": "Hoi"})
    assert refused.status_code == 400 and b'id="canned-title-error"' in refused.content
    assert bram.post(CANNED, {"title": "Welkom", "text": "Fijn dat je er bent."}).status_code == 302
    own = CannedText.objects.get(title="Welkom")
    assert own.organisation.slug == "centrum-seksueel-geweld"
    assert bram.post(f"{CANNED}{own.pk}/", {"title": "Welkom!", "text": "Fijn dat je er bent!"}).status_code == 302
    own.refresh_from_db()
    assert own.title == "Welkom!" and own.text == "Fijn dat je er bent!"
    # A worker cannot edit, but finds the text in the console and sends it.
    anna = verified_client(on_duty["anna"])
    assert anna.post(f"{CANNED}{own.pk}/", {"action": "delete"}).status_code == 403
    visitor = Client()
    start_without_js(visitor)
    anna.post("/chat/werk/volgende/")
    conversation = Conversation.objects.get()
    work = anna.get(f"/chat/werk/{conversation.public_id}/").content.decode()
    assert 'data-canned="Fijn dat je er bent!"' in work and "VT welkom" not in work
    anna.post(f"/chat/werk/{conversation.public_id}/actie/", {"action": "canned", "canned": str(theirs.pk)})
    anna.post(f"/chat/werk/{conversation.public_id}/actie/", {"action": "canned", "canned": str(own.pk)})
    assert [m.text for m in conversation.messages.filter(sender="worker")] == ["Fijn dat je er bent!"]
    assert bram.post(f"{CANNED}{own.pk}/", {"action": "delete"}).status_code == 302
    assert not CannedText.objects.filter(pk=own.pk).exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="chat.canned_text_")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "chat.canned_text_created",
        "chat.canned_text_updated",
        "chat.canned_text_deleted",
    ]


def _handover_proposed_without_js(on_duty: dict[str, Any], visitor: Client) -> Any:
    start_without_js(visitor)
    worker = verified_client(on_duty["anna"])
    worker.post("/chat/werk/volgende/")
    conversation = Conversation.objects.get()
    work = worker.get(f"/chat/werk/{conversation.public_id}/").content.decode()
    assert 'id="handover-passphrase"' not in work  # the worker never types a chat visitor's passphrase
    worker.post(f"/chat/werk/{conversation.public_id}/actie/", {"action": "handover", "organisation": "veilig-thuis"})
    held = Conversation.objects.get()
    assert held.proposal["kind"] == "handover" and "passphrase" not in held.proposal
    return held


def test_the_visitor_chooses_the_passphrase_for_a_handover_without_javascript(on_duty: dict[str, Any]) -> None:
    visitor = Client()
    conversation = _handover_proposed_without_js(on_duty, visitor)
    page = visitor.get("/chat/gesprek/").content.decode()
    assert 'id="proposal-passphrase"' in page and "Kies een wachtzin" in page
    assert 'http-equiv="refresh"' not in page  # no refresh while the person types it

    def say_yes(passphrase: str, again: str) -> Any:
        form = {"action": "consent-yes", "proposal": conversation.proposal["id"]}
        return visitor.post("/chat/gesprek/", {**form, "passphrase": passphrase, "passphrase_again": again})

    too_short = say_yes("kort", "kort")
    assert too_short.status_code == 400
    html = too_short.content.decode()
    field = html.split('for="proposal-passphrase"', 1)[1].split('for="proposal-passphrase-again"', 1)[0]
    assert 'id="proposal-passphrase-error"' in field and "minstens 8 tekens" in field
    assert 'aria-describedby="proposal-passphrase-help proposal-passphrase-error"' in field
    assert 'aria-invalid="true"' in field
    assert 'id="chat-text-error"' not in html  # not under the message field
    assert not Referral.objects.exists()

    different = say_yes("lantaarn bij de brug 7", "lantaarn bij de brug 8")
    assert different.status_code == 400
    html = different.content.decode()
    assert 'id="proposal-passphrase-again-error"' in html and "niet hetzelfde" in html
    assert "lantaarn" not in html  # never echoed back
    assert not Referral.objects.exists() and not Message.objects.filter(sender="visitor").exists()

    visitor.post(
        "/chat/gesprek/",
        {
            "action": "consent-yes",
            "proposal": conversation.proposal["id"],
            "passphrase": "lantaarn bij de brug 7",
            "passphrase_again": "lantaarn bij de brug 7",
        },
    )
    referral = Referral.objects.get()
    assert referral.organisation.slug == "veilig-thuis"
    page = visitor.get("/chat/gesprek/").content.decode()
    assert referral.code in page and "lantaarn" not in page
    assert 'data-testid="chat-proposal"' not in page and 'http-equiv="refresh"' in page
    assert not [m for m in Message.objects.all() if "lantaarn" in m.text]
