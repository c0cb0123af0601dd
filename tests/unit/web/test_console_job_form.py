"""The console's new-job form read as the API's terms: numbers as numbers, empty fields left to their defaults,
a zone-less deadline in UTC, anything else passed on as typed for the core to refuse by name."""

from __future__ import annotations

from datetime import UTC, datetime

from web.console.job_form import job_terms


def test_numbers_typed_in_the_form_are_numbers_and_empty_fields_are_left_out() -> None:
    form = {
        "kind": "bot_or_not",
        "name": "2026",
        "question": "Human or bot?",
        "choices": "human, bot",
        "min_overlap": "3",
        "target_confidence": "0.9",
        "min_reputation": "-1",
        "onboarding_gold": "2",
        "gold_rate": "",
        "level": "",
        "community_id": "12",
    }
    kind, community, terms = job_terms(form)
    assert (kind, community) == ("bot_or_not", 12)
    assert terms == {
        "name": "2026",  # a name of digits stays text
        "question": "Human or bot?",
        "choices": "human, bot",
        "min_overlap": 3,
        "target_confidence": 0.9,
        "min_reputation": -1,
        "onboarding_gold": 2,
    }


def test_a_ticked_box_is_true_and_text_that_is_no_number_or_date_is_passed_on_as_typed() -> None:
    assert job_terms({"model_assist": "on"})[2]["model_assist"] is True and "model_assist" not in job_terms({})[2]
    _, community, terms = job_terms({"community_id": "ours", "onboarding_gold": "two", "deadline": "soon"})
    assert (community, terms["onboarding_gold"], terms["deadline"]) == ("ours", "two", "soon")
    assert job_terms({})[1] is None


def test_a_deadline_without_a_zone_is_utc() -> None:
    assert job_terms({"deadline": "2027-01-31T18:30"})[2]["deadline"] == datetime(2027, 1, 31, 18, 30, tzinfo=UTC)
    zoned = job_terms({"deadline": "2027-01-31T18:30+02:00"})[2]["deadline"]
    assert zoned.utcoffset() is not None and zoned.astimezone(UTC).hour == 16
