"""Opening hours: Europe/Amsterdam, Dutch public holidays, overnight ranges, both DST nights."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from baken.directory import hours
from baken.directory.snapshot import ChannelData, OrganisationData

AMS = hours.AMSTERDAM
OVERNIGHT = "Mo-Fr 16:00-06:00"
OFFICE_PH_OFF = "Mo-Fr 09:00-17:00; PH off"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-30T15:59:00+01:00", False),  # Monday before opening
        ("2026-11-30T16:00:00+01:00", True),  # opens
        ("2026-11-30T23:59:00+01:00", True),
        ("2026-12-01T03:00:00+01:00", True),  # Tuesday night, from Monday's range
        ("2026-12-01T06:00:00+01:00", False),  # closes at 06:00
        ("2026-11-28T05:00:00+01:00", True),  # Saturday early: Friday's range runs past midnight
        ("2026-11-28T16:30:00+01:00", False),  # Saturday afternoon: no range
        ("2026-11-30T05:00:00+01:00", False),  # Monday early: Sunday had no range
    ],
)
def test_overnight_range(moment: str, expected: bool) -> None:
    assert hours.is_open(OVERNIGHT, at(moment)) is expected


def test_moment_in_another_offset_is_converted_to_amsterdam() -> None:
    # 15:30 UTC on a winter Monday is 16:30 in Amsterdam: open.
    assert hours.is_open(OVERNIGHT, at("2026-11-30T15:30:00+00:00")) is True
    with pytest.raises(ValueError, match="timezone-aware"):
        hours.is_open(OVERNIGHT, datetime(2026, 11, 30, 16, 30))


@pytest.mark.parametrize(
    ("day", "name"),
    [(date(2026, 4, 27), "King's Day"), (date(2026, 12, 25), "Christmas Day"), (date(2026, 12, 26), None)],
)
def test_public_holiday_off(day: date, name: str | None) -> None:
    noon = datetime.combine(day, time(12), AMS)
    if day.weekday() < 5:
        assert hours.is_open(OFFICE_PH_OFF, noon) is False
        # Weekday office hours are closed on a public holiday even when nobody wrote "PH off"
        # (issue 10); hours that say something about holidays or weekends are taken as written.
        assert hours.is_open("Mo-Fr 09:00-17:00", noon) is False
        assert hours.is_open("Mo-Fr 09:00-17:00; PH 10:00-14:00", noon) is True
        # Weekend hours but nothing about holidays: unknown, never claimed open.
        assert hours.is_open("Mo-Su 09:00-17:00", noon) is None
        assert hours.is_open("24/7", noon) is True
    assert hours.public_holiday(day) is not None
    if name:
        assert hours.public_holiday(day) == name
    assert hours.public_holiday(day, "nl") in {"Koningsdag", "Eerste kerstdag", "Tweede kerstdag"}


def test_ph_opening_on_a_holiday() -> None:
    expression = "Mo-Fr 00:00-09:00,17:00-24:00; Sa,Su,PH 00:00-24:00"  # out-of-hours GP post
    assert hours.is_open(expression, at("2026-04-27T12:00:00+02:00")) is True  # King's Day, a Monday
    assert hours.is_open(expression, at("2026-04-28T12:00:00+02:00")) is False


@pytest.mark.parametrize("year", [2026, 2027])
def test_public_holiday_agrees_with_ph_every_day(year: int) -> None:
    """The page's "today is a public holiday" and the hours' `PH` must never disagree."""
    day, disagreements = date(year, 1, 1), []
    while day.year == year:
        noon = datetime.combine(day, time(12), AMS)
        ph = hours.is_open("PH", noon) is True
        if ph != (hours.public_holiday(day) is not None):
            disagreements.append(day)
        day += timedelta(days=1)
    assert not disagreements
    # Sanity: the year does have its holidays (the check above cannot pass vacuously).
    assert hours.public_holiday(date(year, 12, 25)) and hours.public_holiday(date(year, 4, 27))


class TestDaylightSaving:
    """2026: clocks go forward on 29 March (02:00 → 03:00), back on 25 October (03:00 → 02:00)."""

    def test_spring_gap(self) -> None:
        expression = "Su 03:00-04:00"
        assert hours.is_open(expression, at("2026-03-29T00:59:00+00:00")) is False  # 01:59 CET
        assert hours.is_open(expression, at("2026-03-29T01:00:00+00:00")) is True  # 03:00 CEST
        # The overnight line stays open across the missing hour.
        assert hours.is_open("Sa 16:00-06:00", at("2026-03-29T00:30:00+00:00")) is True
        assert hours.is_open("Sa 16:00-06:00", at("2026-03-29T01:30:00+00:00")) is True
        assert hours.is_open("Sa 16:00-06:00", at("2026-03-29T04:30:00+00:00")) is False  # 06:30 CEST

    def test_autumn_0230_happens_twice(self) -> None:
        first, second = at("2026-10-25T00:30:00+00:00"), at("2026-10-25T01:30:00+00:00")
        assert hours.local(first).strftime("%H:%M %z") == "02:30 +0200"
        assert hours.local(second).strftime("%H:%M %z") == "02:30 +0100"
        for moment in (first, second):  # wall-clock 02:30 both times
            assert hours.is_open("Su 02:00-02:45", moment) is True
            assert hours.is_open("Sa 16:00-06:00", moment) is True
        assert hours.is_open("Su 03:00-04:00", first) is False
        assert hours.is_open("Su 03:00-04:00", second) is False

    def test_next_open_over_each_dst_night_is_local_time(self) -> None:
        spring = hours.next_open("Mo-Fr 09:00-17:00", at("2026-03-28T12:00:00+01:00"))
        autumn = hours.next_open("Mo-Fr 09:00-17:00", at("2026-10-24T12:00:00+02:00"))
        assert spring == at("2026-03-30T09:00:00+02:00") and spring.utcoffset() == timedelta(hours=2)
        assert autumn == at("2026-10-26T09:00:00+01:00") and autumn.utcoffset() == timedelta(hours=1)

    def test_looking_ahead_from_two_weeks_before_the_missing_hour(self) -> None:
        """14 days after 02:00 on 2026-03-15 is 02:00 on 2026-03-29, an hour that does not exist
        in Amsterdam; the look-ahead must not hand it to the parser (found by hypothesis)."""
        moment = at("2026-03-15T02:00:00+01:00")
        assert hours.next_open("Mo-Fr 09:00-17:00", moment) == at("2026-03-16T09:00:00+01:00")
        assert hours.next_open("PH 10:00-12:00", moment) is None


def test_unknown_hours_are_none() -> None:
    moment = at("2026-11-30T10:00:00+01:00")
    assert hours.is_open(None, moment) is None
    assert hours.is_open("", moment) is None
    assert hours.next_open(None, moment) is None
    assert hours.is_open("Mo-Fr 09:00-17:00 unknown", moment) is None
    assert ChannelData(type="phone", staffed=True).open_at(moment) is None
    assert (
        OrganisationData(slug="x", name="X", channels=(ChannelData(type="phone", staffed=True),)).open_at(moment)
        is None
    )


class TestNextOpen:
    def test_open_now_is_now(self) -> None:
        moment = at("2026-11-30T10:00:00+01:00")
        assert hours.next_open("Mo-Fr 09:00-17:00", moment) == moment

    def test_across_a_weekend(self) -> None:
        assert hours.next_open(OVERNIGHT, at("2026-11-28T10:00:00+01:00")) == at("2026-11-30T16:00:00+01:00")
        assert hours.next_open(OFFICE_PH_OFF, at("2026-11-27T17:00:00+01:00")) == at("2026-11-30T09:00:00+01:00")

    def test_across_christmas_and_a_weekend(self) -> None:
        # Thursday 24 December evening; Fri 25 and Sat 26 are holidays, then Sunday.
        assert hours.next_open(OFFICE_PH_OFF, at("2026-12-24T18:00:00+01:00")) == at("2026-12-28T09:00:00+01:00")

    def test_across_kings_day(self) -> None:
        # Friday 24 April evening; Monday 27 April is King's Day.
        assert hours.next_open(OFFICE_PH_OFF, at("2026-04-24T18:00:00+02:00")) == at("2026-04-28T09:00:00+02:00")

    def test_never_within_lookahead_is_none(self) -> None:
        assert hours.next_open("off", at("2026-11-30T10:00:00+01:00")) is None

    def test_next_close(self) -> None:
        assert hours.next_close(OVERNIGHT, at("2026-11-30T23:00:00+01:00")) == at("2026-12-01T06:00:00+01:00")
        assert hours.next_close(OVERNIGHT, at("2026-11-30T12:00:00+01:00")) is None


def test_invalid_expression_gives_the_parsers_reason() -> None:
    with pytest.raises(hours.InvalidHours) as error:
        hours.validate("Mo-Fx 09:00-17:00")
    assert str(error.value)


class TestOrganisationOpen:
    def test_open_when_a_staffed_conversation_channel_is_open(self) -> None:
        moment = at("2026-11-30T20:00:00+01:00")
        org = OrganisationData(
            slug="x",
            name="X",
            channels=(
                ChannelData(type="website", staffed=False, opening_hours="24/7"),
                ChannelData(type="phone", staffed=True, opening_hours="Mo-Fr 09:00-17:00"),
                ChannelData(type="chat", staffed=True, opening_hours="Mo-Su 19:00-22:00"),
            ),
        )
        assert org.open_at(moment) is True
        assert org.open_at(at("2026-11-30T23:00:00+01:00")) is False
        assert org.next_open(at("2026-11-30T23:00:00+01:00")) == at("2026-12-01T09:00:00+01:00")

    def test_a_website_open_24_7_does_not_make_it_open(self) -> None:
        org = OrganisationData(
            slug="x",
            name="X",
            channels=(
                ChannelData(type="website", staffed=False, opening_hours="24/7"),
                ChannelData(type="email", staffed=True, opening_hours="24/7"),
            ),
        )
        assert org.open_at(at("2026-11-30T20:00:00+01:00")) is None


@pytest.mark.parametrize(
    "expression",
    [
        OVERNIGHT,
        OFFICE_PH_OFF,
        "24/7",
        "Mo-Fr 00:00-09:00,17:00-24:00; Sa,Su,PH 00:00-24:00",
        "Su 02:00-02:45",
        "Mo-Fr 09:00-17:00 unknown",
        "Mo,We,Fr 09:00-12:00",
        "Sa 16:00-06:00",
    ],
)
def test_the_state_cache_answers_like_the_evaluator_in_any_order(expression: str) -> None:
    """is_open remembers each expression's state until its next change; asked in random
    order, across both DST nights and Christmas, it must answer exactly like a fresh
    evaluation."""
    import random

    rng = random.Random(expression)
    starts = [at("2026-03-27T00:00:00+01:00"), at("2026-10-23T00:00:00+02:00"), at("2026-12-23T00:00:00+01:00")]
    moments = [start + timedelta(minutes=rng.randrange(0, 5 * 24 * 60)) for start in starts for _ in range(150)]
    moments += [at("2026-10-25T00:30:00+00:00"), at("2026-10-25T01:30:00+00:00"), at("2026-03-29T01:00:00+00:00")]
    rng.shuffle(moments)
    for moment in moments:
        assert hours.is_open(expression, moment) is hours._evaluate(hours.effective(expression), hours.local(moment)), (
            moment
        )
