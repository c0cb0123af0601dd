"""The campaign chart stays one compact picture whatever the stats hold."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from PIL import Image

from bot.common.cards.campaign_chart import campaign_chart, chart_figure
from core.types import CampaignStats, CampaignStatus

DAYS = {(date(2026, 1, 1) + timedelta(days=n)).isoformat(): n % 3 for n in range(14)}
BANDS = {"90–100%": 3, "80–90%": 1, "70–80%": 0, "60–70%": 0, "50–60%": 2, "under 50%": 1}


def stats(labels: dict[str, int], names: dict[str, str]) -> CampaignStats:
    now = datetime(2026, 1, 14, tzinfo=UTC)
    return CampaignStats(
        1,
        "Pets",
        CampaignStatus.ACTIVE,
        now,
        60,
        10,
        20,
        25,
        5,
        300,
        labels,
        8,
        12,
        90,
        70,
        500,
        40,
        9,
        DAYS,
        BANDS,
        names,
    )


def size(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


def test_many_labels_and_hostile_names_stay_compact() -> None:
    labels = {f"k{n}": 100 - n for n in range(40)}
    names = {f"k{n}": "\u202e" + "wide label " * 8 + "\x00" for n in range(40)}
    width, height = size(campaign_chart(stats(labels, names)))
    assert width == 800 and height <= 800


def test_an_empty_campaign_still_draws() -> None:
    empty = CampaignStats(
        2,
        "New",
        CampaignStatus.DRAFT,
        datetime(2026, 1, 1, tzinfo=UTC),
        0,
        0,
        0,
        0,
        0,
        0,
        {},
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        dict.fromkeys(DAYS, 0),
        dict.fromkeys(BANDS, 0),
        {},
    )
    assert size(campaign_chart(empty))[0] == 800


def test_each_panel_says_what_it_counts_and_bars_read_as_the_choices() -> None:
    """The choices as players read them, not their keys; only the first panel is about labels."""
    figure = chart_figure(stats({"cat": 5, "dog": 2}, {"cat": "Cat", "dog": "Dog"}))
    labels, per_day, accuracy = figure.axes
    titles = [axes.get_title(loc="left") for axes in figure.axes]
    assert titles == [
        "Labels the crowd settled on",
        "Items settled per day, last 14 days",
        "Labelers by accuracy on checks",
    ]
    assert [tick.get_text() for tick in labels.get_yticklabels()] == ["Dog", "Cat"]  # the first on top
    assert [text.get_text().strip() for text in labels.texts] == ["2 items (29%)", "5 items (71%)"]
    assert per_day.get_xticklabels()[0].get_text() == "01.01"  # a day, not "2026-01-01"
    assert [tick.get_text() for tick in accuracy.get_yticklabels()] == list(BANDS)[::-1]
    assert "3 labelers (43%)" in [text.get_text().strip() for text in accuracy.texts]
