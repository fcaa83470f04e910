"""Easy read (makkelijk lezen, issue 14): a switch on every public page, remembered only in the
form body; the help finder, the results and the emergency information in short, common words;
each Dutch easy-read text scored with Flesch-Douma, printed as a table, with a threshold."""

from __future__ import annotations

import re
import warnings

import pytest
from django.test import Client
from django.utils import translation

from baken.guidance import readability
from baken.triage import easy
from baken.triage.forms import STEPS, STEPS_BY_NAME

FLOW = "/vragen/"
# Flesch-Douma: 80-90 reads as easy, above 90 as very easy. Every text must be at least easy
# enough for one short idea (70); all of them together must read as very easy (90), with
# sentences of at most 8 words on average.
MIN_EACH = 70.0
MIN_ALL = 90.0
MAX_SENTENCE = 8.0


class ReadabilityReport(UserWarning):
    pass


def _score(*texts: object) -> readability.Readability:
    return readability.measure([str(t) for t in texts if t])


def test_flesch_douma_worked_examples() -> None:
    # 6 words, 6 syllables, 1 sentence: 206.84 - 77 * 1 - 0.93 * 6 = 124.26
    assert _score("De kat zit op de mat.").flesch_douma == pytest.approx(124.26)
    # Wij gaan mor-gen naar het zie-ken-huis: 6 words, 9 syllables: 206.84 - 115.5 - 5.58 = 85.76
    assert _score("Wij gaan morgen naar het ziekenhuis.").flesch_douma == pytest.approx(85.76)
    # Two sentences of 3 words, 1 syllable each: 206.84 - 77 - 0.93 * 3 = 127.05
    assert _score("Ik ben hier. Jij bent daar.").flesch_douma == pytest.approx(127.05)
    # Long words and a long sentence score low (hard), as the formula intends.
    hard = _score("De gemeentelijke verantwoordelijkheid voor maatschappelijke ondersteuning is wettelijk vastgelegd.")
    assert hard.flesch_douma < 30


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("kat", 1),
        ("morgen", 2),
        ("ziekenhuis", 3),
        ("bijvoorbeeld", 3),
        ("financiële", 5),
        ("ruïne", 3),
        ("politie", 3),
    ],
)
def test_dutch_syllables(word: str, count: int) -> None:
    assert readability.syllables(word) == count


def test_easy_read_texts_meet_the_threshold() -> None:
    rows: list[tuple[str, float, float | None]] = []
    with translation.override("nl"):
        for name, (title, intro) in easy.STEP_TEXTS.items():
            step = STEPS_BY_NAME[name]
            rows.append(
                (f"step {name}", _score(title, intro).flesch_douma, _score(step.title, step.intro).flesch_douma)
            )
        for key, text in easy.RESULTS.items():
            rows.append((f"results {key}", _score(text).flesch_douma, None))
        rows.append(("emergency", _score(easy.EMERGENCY_NOTE).flesch_douma, None))
        rows.append(("first screen", _score(easy.FIRST_NOTE).flesch_douma, None))
        each = [(str(text), _score(text).flesch_douma) for text in easy.ALL_TEXTS]
        everything = _score(*easy.ALL_TEXTS)
    table = "\n".join(
        f"  {name:<24} {score:6.1f}   {'' if normal is None else f'{normal:6.1f}'}" for name, score, normal in rows
    )
    warnings.warn(
        ReadabilityReport(
            "Easy read (Dutch), Flesch-Douma (higher is easier)\n"
            f"  {'text':<24} {'easy':>6}   {'normal':>6}\n{table}\n"
            f"  all easy-read texts: {everything.flesch_douma:.1f}, "
            f"{everything.average_sentence_length:.1f} words per sentence\n"
            f"  thresholds: each ≥ {MIN_EACH:.0f}, all ≥ {MIN_ALL:.0f}, ≤ {MAX_SENTENCE:.0f} words per sentence"
        ),
        stacklevel=1,
    )
    too_hard = [(text, round(score)) for text, score in each if score < MIN_EACH]
    assert not too_hard, f"easy-read texts below {MIN_EACH}: {too_hard}"
    assert everything.flesch_douma >= MIN_ALL
    assert everything.average_sentence_length <= MAX_SENTENCE
    for name, score, normal in rows:
        if normal is not None:
            assert score >= normal, f"{name}: the easy version must not be harder than the normal one"


def _forms(html: str) -> list[str]:
    return re.findall(r"<form\b.*?</form>", html, re.S)


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("url", ["/organisaties/", "/informatie/", "/en/organisaties/", "/ar/informatie/"])
def test_every_public_page_has_the_switch_in_a_form_body(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    switch = [f for f in _forms(html) if "baken-easy-switch" in f]
    assert len(switch) == 1
    assert 'method="post"' in switch[0] and 'name="easy" value="1"' in switch[0]
    assert "?" not in re.search(r'action="([^"]+)"', switch[0]).group(1)  # type: ignore[union-attr]


@pytest.mark.usefixtures("directory")
def test_switch_turns_easy_read_on_and_is_carried_only_in_the_form(client: Client) -> None:
    response = client.post(FLOW, {"step": "safety", "easy": "1", "action": "stay"})
    html = response.content.decode()
    assert not response.cookies, "easy read is never remembered in a cookie"
    assert "Ben je veilig?" in html and "Eerst: ben je veilig?" not in html
    assert "We vragen niet je naam." in html
    main_form = html.split('name="step"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="easy" value="1">' in main_form
    # The next screen stays easy because the form body says so.
    html = client.post(FLOW, {"step": "suicide", "easy": "1", "action": "next"}).content.decode()
    assert "Over wie gaat het?" in html and "Zo kunnen we de juiste hulp vinden" not in html
    # And the switch turns it off again, answers kept.
    html = client.post(
        FLOW, {"step": "role", "easy": "1", "role": "victim", "easy_switch": "off", "action": "stay"}
    ).content.decode()
    assert "Zo kunnen we de juiste hulp vinden" in html
    assert '<input type="hidden" name="easy" value="1">' not in html
    assert re.search(r'value="victim"[^>]*checked', html)


@pytest.mark.usefixtures("directory")
def test_results_and_emergency_in_easy_read(client: Client) -> None:
    html = client.post(
        FLOW, {"step": STEPS[-1].name, "easy": "1", "acute": "true", "action": "results"}
    ).content.decode()
    assert "Hulp voor jou" in html and "Hulp die past bij jouw antwoorden" not in html
    assert "Bel het nummer. Er neemt iemand op." in html
    assert html.index("emergency-title") < html.index("Hulp voor jou")
    assert '<input type="hidden" name="easy" value="1">' in html


@pytest.mark.usefixtures("directory")
def test_easy_read_in_another_language(client: Client) -> None:
    html = client.post("/ar/vragen/", {"step": "safety", "easy": "1", "action": "stay"}).content.decode()
    assert "هل أنت بأمان؟" in html


def test_every_step_of_the_help_finder_has_an_easy_read_version_or_is_short_already() -> None:
    with translation.override("nl"):
        for step in STEPS:
            if step.name not in easy.STEP_TEXTS:
                assert step.intro is None and len(str(step.title).split()) <= 8, step.name


PICTOGRAM = re.compile(r'<svg class="baken-pictogram"[^>]*>')


@pytest.mark.usefixtures("directory")
def test_easy_read_results_show_how_to_reach_each_service_as_a_pictogram_with_a_text_alternative(
    client: Client,
) -> None:
    answers = {"step": STEPS[-1].name, "acute": "true", "role": "victim", "violence": "sexual_violence"}
    easy_html = client.post(FLOW, {**answers, "easy": "1", "action": "results"}).content.decode()
    normal_html = client.post(FLOW, {**answers, "action": "results"}).content.decode()
    pictograms = PICTOGRAM.findall(easy_html)
    labels = [re.search(r'aria-label="([^"]*)"', p).group(1) for p in pictograms]  # type: ignore[union-attr]
    assert all('role="img"' in p for p in pictograms)
    assert "Gevaar" in labels, "the emergency note"
    assert "Bellen" in labels, "the 112 call and every phone line"
    assert all(labels), "every pictogram says in words what it shows"
    assert not PICTOGRAM.search(normal_html), "pictograms only in easy read"


def test_every_pictogram_has_a_text_alternative_in_every_language() -> None:
    from django.conf import settings

    from baken.triage import pictograms

    assert set(pictograms.PATHS) == set(pictograms.ALTERNATIVES)
    assert set(pictograms.FOR_CHANNEL.values()) <= set(pictograms.PATHS)
    assert str(pictograms.pictogram("unknown")) == ""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in pictograms.PATHS:
                assert 'aria-label=""' not in pictograms.pictogram(name), (code, name)
