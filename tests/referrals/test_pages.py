"""The person's pages without a browser: the consent screen shows exactly what goes where and
lets each item be removed; the form is validated with errors naming the field and nothing
stored; a double submit sends once; the status page works by POST and a session grant."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from baken.referrals import services
from baken.referrals.models import Referral
from tests.conftest import verified_client
from tests.referrals.conftest import CSG, PASSPHRASE, VT

pytestmark = pytest.mark.django_db

HELP_FINDER = {
    "organisation": CSG,
    "role": "victim",
    "violence": ["sexual_violence", "online_abuse"],
    "context": "sport",
    "age": "16",
    "days_since": "3",
    "need": ["medical", "listening"],
}


def consent(client: Client, **extra: Any) -> Any:
    return client.post("/verhaal/start/", {**HELP_FINDER, **extra})


def send_data(token: str, **changes: Any) -> dict[str, Any]:
    data = {
        **HELP_FINDER,
        "form_token": token,
        "share": [
            "role",
            "violence=sexual_violence",
            "violence=online_abuse",
            "context=sport",
            "age",
            "days_since",
            "need=medical",
            "need=listening",
        ],
        "story": "Het was na de wedstrijd.",
        "channel": "phone",
        "contact_value": "06 11122233",
        "safe_times": "overdag",
        "no_voicemail": "on",
        "no_mail": "on",
        "code_word": "",
        "passphrase": PASSPHRASE,
        "passphrase_again": PASSPHRASE,
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_consent_screen_lists_every_answer_ticked_and_stores_nothing(personas: dict[str, Any]) -> None:
    response = consent(Client())
    assert response.status_code == 200
    form = response.context["form"]
    assert [key for key, _label in form.fields["share"].choices] == [
        "role",
        "violence=sexual_violence",
        "violence=online_abuse",
        "context=sport",
        "age",
        "days_since",
        "need=medical",
        "need=listening",
    ]
    html = response.content.decode()
    assert html.count('name="share"') == 8 and html.count("checked") >= 8
    assert "Centrum Seksueel Geweld" in html
    assert Referral.objects.count() == 0


def test_unticked_answers_are_not_sent(personas: dict[str, Any]) -> None:
    client = Client()
    token = consent(client).context["token"]
    response = client.post("/verhaal/versturen/", send_data(token, share=["role", "violence=online_abuse"]))
    assert response.status_code == 201
    assert Referral.objects.get().answers == {"role": "victim", "violence": ["online_abuse"]}


def test_nothing_ticked_and_no_story_sends_only_the_contact_wish(personas: dict[str, Any]) -> None:
    client = Client()
    token = consent(client).context["token"]
    response = client.post(
        "/verhaal/versturen/", send_data(token, share=None, story="", channel="self", contact_value="ignored")
    )
    assert response.status_code == 201
    referral = Referral.objects.get()
    assert referral.answers == {} and referral.story == ""
    assert referral.contact["channel"] == "self" and referral.contact["value"] == ""


def test_acute_answer_puts_112_first(personas: dict[str, Any]) -> None:
    html = consent(Client(), acute="true").content.decode()
    assert html.index("112") < html.index("<h1")


def test_bad_help_finder_values_are_left_out(personas: dict[str, Any]) -> None:
    response = consent(Client(), age="300", violence=["sexual_violence", "nonsense"])
    keys = [key for key, _label in response.context["form"].fields["share"].choices]
    assert "age" not in keys and "violence=nonsense" not in keys


def test_unknown_organisation_and_get_are_refused(personas: dict[str, Any]) -> None:
    assert Client().post("/verhaal/start/", {"organisation": "nope"}).status_code == 404
    assert Client().get("/verhaal/start/").status_code == 405


def test_organisation_without_staff_on_baken_is_honest(personas: dict[str, Any]) -> None:
    response = Client().post("/verhaal/start/", {"organisation": "politie"})
    assert response.status_code == 200 and response.context["receives"] is False
    assert 'name="consent"' not in response.content.decode()
    token = "0" * 32
    response = Client().post("/verhaal/versturen/", send_data(token, organisation="politie"))
    assert response.status_code == 400 and Referral.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"story": "x" * 5001}, "story"),
        ({"consent": None}, "consent"),
        ({"passphrase": "short", "passphrase_again": "short"}, "passphrase"),
        ({"passphrase_again": "something else entirely"}, "passphrase_again"),
        ({"channel": None}, "channel"),
        ({"channel": "pigeon"}, "channel"),
        ({"contact_value": ""}, "contact_value"),
        ({"contact_value": "bel me"}, "contact_value"),
        ({"channel": "email", "contact_value": "me@"}, "contact_value"),
        ({"safe_times": "x" * 201}, "safe_times"),
        ({"code_word": "x" * 51}, "code_word"),
        ({"story": "a\x00b"}, "story"),
    ],
)
def test_invalid_consent_form_names_the_field_and_stores_nothing(
    changes: dict[str, Any], field: str, personas: dict[str, Any]
) -> None:
    client = Client()
    token = consent(client).context["token"]
    response = client.post("/verhaal/versturen/", send_data(token, **changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Referral.objects.count() == 0
    # What the person chose survives the error (except the passphrase).
    assert response.context["token"] == token


def test_double_submit_of_one_consent_screen_sends_once(personas: dict[str, Any]) -> None:
    client = Client()
    token = consent(client).context["token"]
    first = client.post("/verhaal/versturen/", send_data(token))
    second = client.post("/verhaal/versturen/", send_data(token))
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.context["code"] == second.context["code"]
    assert Referral.objects.count() == 1


def test_sent_page_shows_the_code_and_what_happens_next(personas: dict[str, Any]) -> None:
    client = Client()
    token = consent(client).context["token"]
    response = client.post("/verhaal/versturen/", send_data(token))
    code = response.context["code"]
    html = response.content.decode()
    assert code in html
    assert code not in response.get("Location", "")
    assert Referral.objects.get().code == code


def test_status_page_by_code_and_passphrase(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    services.referral_send_message(referral_id=referral.pk, by=personas["anna"], body="Past dinsdag om 10 uur?")
    client = Client()
    response = client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    assert response.status_code == 303 and response["Location"] == "/verhaal/mijn-verhaal/"
    page = client.get("/verhaal/mijn-verhaal/")
    assert page.status_code == 200 and "Past dinsdag om 10 uur?" in page.content.decode()
    assert client.post("/verhaal/mijn-verhaal/bericht/", {"body": "Ja, dat is goed."}).status_code == 303
    assert referral.messages.filter(sender="person").get().body == "Ja, dat is goed."
    assert client.post("/verhaal/mijn-verhaal/bericht/", {"body": ""}).status_code == 400
    # Closing the page forgets the grant in this browser.
    client.post("/verhaal/mijn-verhaal/sluiten/")
    assert client.get("/verhaal/mijn-verhaal/").status_code == 302


def test_wrong_credentials_on_the_status_form(personas: dict[str, Any], make_referral: Any) -> None:
    _referral, code = make_referral()
    wrong = Client().post("/verhaal/status/", {"code": code, "passphrase": "not the one"})
    unknown = Client().post("/verhaal/status/", {"code": "ZZZZ-ZZZZ-ZZZZ", "passphrase": PASSPHRASE})
    assert wrong.status_code == unknown.status_code == 403
    assert wrong.context["denied"] and unknown.context["denied"]
    assert "ZZZZ" not in unknown.content.decode()  # the form is emptied, nothing is echoed


def test_grant_expires(personas: dict[str, Any], make_referral: Any) -> None:
    _referral, code = make_referral()
    client = Client()
    client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    session = client.session
    session["baken_grant:referral"]["at"] -= 21 * 60
    session.save()
    assert client.get("/verhaal/mijn-verhaal/").status_code == 302


def test_onward_proposal_approved_on_the_status_page(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    services.referral_propose_onward(
        referral_id=referral.pk, by=personas["anna"], organisation_slug=VT, note="Zij weten hier meer van."
    )
    client = Client()
    client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    page = client.get("/verhaal/mijn-verhaal/").content.decode()
    assert "Veilig Thuis" in page and "Zij weten hier meer van." in page
    assert client.post("/verhaal/mijn-verhaal/andere-organisatie/", {"decision": "approve"}).status_code == 303
    assert Referral.objects.get().organisation.slug == VT


def test_onward_proposal_refused_on_the_status_page(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    services.referral_propose_onward(referral_id=referral.pk, by=personas["anna"], organisation_slug=VT)
    client = Client()
    client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    client.post("/verhaal/mijn-verhaal/andere-organisatie/", {"decision": "refuse"})
    after = Referral.objects.get()
    assert (after.organisation.slug, after.status) == (CSG, "onward_refused")


def test_staff_case_page_actions(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    anna = verified_client(personas["anna"])
    url = f"/verhaal/inbox/{referral.public_id}/"
    page = anna.get(url)
    assert page.context["can_accept"] and not page.context["can_close"]
    html = page.content.decode()
    assert code in html and "06 12345678" in html and "zonnebloem" in html
    assert anna.post(url + "accepteren/").status_code == 302
    # A colleague who clicks a moment later gets a clear 409, not a second acceptance.
    response = verified_client(personas["bram"]).post(url + "accepteren/")
    assert response.status_code == 409 and response.context["error"]
    assert anna.post(url + "afsluiten/", {"outcome": "", "note": ""}).status_code == 400
    assert anna.post(url + "afwijzen/", {"reason": "no_capacity"}).status_code == 409  # not from accepted
    assert anna.post(url + "andere-organisatie/", {"organisation": CSG}).status_code == 400  # not its own
    assert anna.post(url + "eerste-contact/", {"note": "Gebeld"}).status_code == 302
    assert anna.post(url + "afsluiten/", {"outcome": "helped", "note": ""}).status_code == 302
    assert Referral.objects.get().status == "closed"


def test_staff_find_by_code(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    anna = verified_client(personas["anna"])
    response = anna.post("/verhaal/inbox/zoeken/", {"code": code.lower().replace("-", "")})
    assert response["Location"] == f"/verhaal/inbox/{referral.public_id}/"
    assert anna.post("/verhaal/inbox/zoeken/", {"code": ""}).status_code == 400


def test_inbox_query_count_does_not_grow_with_referrals(
    personas: dict[str, Any], make_referral: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(12):
        referral, _code = make_referral()
        services.referral_accept(referral_id=referral.pk, by=personas["anna"])
    anna = verified_client(personas["anna"])
    anna.get("/verhaal/inbox/")  # warm the session
    with django_assert_max_num_queries(12):
        assert anna.get("/verhaal/inbox/").status_code == 200


def test_a_sent_story_is_counted_anonymously_as_a_started_handover(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from baken.triage.models import UsageCount

    client = Client()
    token = consent(client).context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/verhaal/versturen/", send_data(token))
    counted = UsageCount.objects.get(outcome="handover_started")
    assert counted.count == 1
    # …with only codes and bands, nothing that identifies the person.
    for value in ("06 11122233", "Het was na de wedstrijd", PASSPHRASE):
        assert value not in str(vars(counted))


def test_dutch_pages_of_the_handover_have_no_untranslated_english(personas: dict[str, Any], make_referral: Any) -> None:
    from tests.core.test_translations import _english_phrases, _visible_text

    referral, code = make_referral()
    services.referral_propose_onward(referral_id=referral.pk, by=personas["anna"], organisation_slug=VT, note="")
    person = Client()
    token = consent(person, acute="true").context["token"]
    pages = {
        "consent": consent(person, acute="true"),
        "consent with errors": person.post("/verhaal/versturen/", send_data(token, consent=None)),
        "sent": person.post("/verhaal/versturen/", send_data(token)),
        "status form": person.get("/verhaal/status/"),
    }
    person.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    pages["status page"] = person.get("/verhaal/mijn-verhaal/")
    pages["withdraw"] = person.get("/verhaal/mijn-verhaal/intrekken/")
    anna, bram = verified_client(personas["anna"]), verified_client(personas["bram"])
    other, _ = make_referral()
    pages["inbox"] = anna.get("/verhaal/inbox/")
    pages["case"] = anna.get(f"/verhaal/inbox/{other.public_id}/")
    pages["audit"] = bram.get("/verhaal/audit/")
    pages["members"] = bram.get("/medewerkers/team/")
    pages["withdrawn"] = person.post("/verhaal/mijn-verhaal/intrekken/")
    english = _english_phrases()
    for name, response in pages.items():
        assert response.status_code in (200, 201, 400), name
        text = _visible_text(response.content)
        leftovers = sorted(p for p in english if p in text)
        assert not leftovers, f"untranslated on {name}: {leftovers}"
