"""Several charts in one picture, for the one image a chat reply carries."""

from __future__ import annotations

import io

from PIL import Image

from bot.common.cards import stats_chart, stats_sheet


def test_the_sheet_stacks_every_chart() -> None:
    sections = [("Labels", {"a": 3, "b": 1}), ("Per day", {"11-21": 2, "11-22": 5}), ("Accuracy", {})]
    sheet = Image.open(io.BytesIO(stats_sheet(sections)))
    heights = [Image.open(io.BytesIO(stats_chart(title, series))).height for title, series in sections]
    assert sheet.format == "PNG" and sheet.height == sum(heights) and sheet.width <= 800
