"""The profile card: who the player is, how far to the next level, and their numbers."""

from __future__ import annotations

from PIL import Image, ImageDraw

from bot.common.cards.canvas import (
    ACCENT,
    ACCENT_TEXT,
    INNER,
    MUTED,
    PAD,
    SURFACE,
    TEXT,
    WIDTH,
    Block,
    avatar,
    compose,
    pill,
    progress_bar,
    to_png,
)
from bot.common.cards.fonts import font
from bot.common.cards.text import compact, fit, label, number, percent
from core.types import Profile, Progress

TILE_GAP = 16


def profile_card(profile: Profile) -> bytes:
    """PNG of the player's profile: name, level, progress toward the next level, streak, accuracy, points, rank."""
    name = label(profile.display_name, "Player")
    blocks = [
        _header(name, profile.progress),
        _progress_panel(profile.progress),
        _tiles(profile),
        _footer(profile),
    ]
    return to_png(compose(blocks))


def _header(name: str, progress: Progress) -> Block:
    radius = 44
    text_left = PAD + 2 * radius + 24
    name_font = font(36, True)
    shown = fit(name, name_font, WIDTH - PAD - text_left)
    title = label(progress.level_title, "")

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        avatar(draw, (PAD + radius, top + radius), radius, name)
        draw.text((text_left, top + 2), shown, font=name_font, fill=TEXT, anchor="la")
        badge = pill(draw, (text_left, top + 54), f"Level {progress.level + 1}", 16, ACCENT)  # counted from 1
        title_left = text_left + badge + 12
        title_font = font(22)
        draw.text(
            (title_left, top + 54 + 14),
            fit(title, title_font, WIDTH - PAD - title_left),
            font=title_font,
            fill=MUTED,
            anchor="lm",
        )

    return Block(2 * radius, paint)


def _progress_panel(progress: Progress) -> Block:
    height = 150
    heading, detail_left, detail_right = _progress_words(progress)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        draw.rounded_rectangle((PAD, top, PAD + INNER, top + height), radius=18, fill=SURFACE)
        left, right = PAD + 24, PAD + INNER - 24
        share = percent(progress.fraction)
        share_font = font(24, True)
        heading_font = font(24, True)
        room = right - left - share_font.getlength(share) - 16
        draw.text((left, top + 22), fit(heading, heading_font, room), font=heading_font, fill=TEXT)
        draw.text((right, top + 22), share, font=share_font, fill=ACCENT_TEXT, anchor="ra")
        progress_bar(draw, (left, top + 66, right, top + 86), progress.fraction)
        detail_font = font(19)
        half = (right - left) / 2 - 8
        draw.text((left, top + 106), fit(detail_left, detail_font, half), font=detail_font, fill=MUTED)
        draw.text((right, top + 106), fit(detail_right, detail_font, half), font=detail_font, fill=MUTED, anchor="ra")

    return Block(height, paint)


def _progress_words(progress: Progress) -> tuple[str, str, str]:
    """Heading and the two details under the bar; the top level has nothing left to reach."""
    if progress.next_title is None:
        return "Top level reached", f"{number(progress.gold_answered)} checks this level", ""
    heading = f"Next: {label(progress.next_title, 'next level')}"
    count = f"Checks {number(progress.gold_answered)} / {number(progress.gold_needed)}"
    accuracy = f"This level {percent(progress.accuracy)} of {percent(progress.accuracy_needed)} needed"
    return heading, count, accuracy


def _tiles(profile: Profile) -> Block:
    height = 116
    days = "day" if profile.streak == 1 else "days"
    players = "player" if profile.players == 1 else "players"
    tiles = (
        (f"{number(profile.streak)}", f"Streak ({days})"),
        (percent(profile.accuracy), "Accuracy (all)"),  # the panel above shows this level's
        (compact(profile.points), "Points"),
        (f"#{compact(profile.rank)}", f"of {number(profile.players)} {players}"),
    )
    width = (INNER - TILE_GAP * (len(tiles) - 1)) // len(tiles)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        for index, (value, caption) in enumerate(tiles):
            left = PAD + index * (width + TILE_GAP)
            centre = left + width / 2
            draw.rounded_rectangle((left, top, left + width, top + height), radius=18, fill=SURFACE)
            value_font, caption_font = font(34, True), font(17)
            draw.text((centre, top + 44), fit(value, value_font, width - 20), font=value_font, fill=TEXT, anchor="mm")
            draw.text(
                (centre, top + 86), fit(caption, caption_font, width - 20), font=caption_font, fill=MUTED, anchor="mm"
            )

    return Block(height, paint)


def _footer(profile: Profile) -> Block:
    answers = "answer" if profile.answers == 1 else "answers"
    checks = "check" if profile.gold_answered == 1 else "checks"
    text = f"{number(profile.answers)} {answers} · {number(profile.gold_answered)} {checks} answered in all"
    footer_font = font(17)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        draw.text((PAD, top), fit(text, footer_font, INNER), font=footer_font, fill=MUTED)

    return Block(22, paint)
