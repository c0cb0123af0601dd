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
from bot.common.cards.text import compact, fit, label, number, percent, wrap
from bot.common.texts.i18n import _, ngettext
from bot.common.texts.levels import level_title
from core.types import Profile, Progress, level_number

TILE_GAP = 16


def profile_card(profile: Profile) -> bytes:
    """PNG of the player's profile: name, level, progress toward the next level, streak, accuracy, points, rank."""
    name = label(profile.display_name, _("Player"))
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
    title = label(level_title(progress.level_title), "")
    level = _("Level {n}").format(n=level_number(progress.level))

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        avatar(draw, (PAD + radius, top + radius), radius, name)
        draw.text((text_left, top + 2), shown, font=name_font, fill=TEXT, anchor="la")
        badge = pill(draw, (text_left, top + 54), level, 16, ACCENT)
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
        # The right-hand detail may use what the (short) left one leaves: translations run long.
        shown_left = fit(detail_left, detail_font, (right - left) / 2 - 8)
        room_right = right - left - detail_font.getlength(shown_left) - 24
        draw.text((left, top + 106), shown_left, font=detail_font, fill=MUTED)
        draw.text(
            (right, top + 106), fit(detail_right, detail_font, room_right), font=detail_font, fill=MUTED, anchor="ra"
        )

    return Block(height, paint)


def _progress_words(progress: Progress) -> tuple[str, str, str]:
    """Heading and the two details under the bar; the top level has nothing left to reach."""
    if progress.next_title is None:
        answered = number(progress.gold_answered)
        return (
            _("Top level reached"),
            ngettext("{n} check this level", "{n} checks this level", progress.gold_answered).format(n=answered),
            "",
        )
    heading = _("Next: {level}").format(level=label(level_title(progress.next_title), _("next level")))
    count = _("Checks {done} / {needed}").format(
        done=number(progress.gold_answered), needed=number(progress.gold_needed)
    )
    accuracy = _("This level {accuracy} of {needed} needed").format(
        accuracy=percent(progress.accuracy), needed=percent(progress.accuracy_needed)
    )
    return heading, count, accuracy


def _tiles(profile: Profile) -> Block:
    height = 116
    tiles = (
        (f"{number(profile.streak)}", ngettext("Streak (day)", "Streak (days)", profile.streak)),
        (percent(profile.accuracy), _("Lifetime accuracy")),  # the panel above shows this level's
        (compact(profile.points), _("Points")),
        (
            f"#{compact(profile.rank)}",
            ngettext("of {n} player", "of {n} players", profile.players).format(n=number(profile.players)),
        ),
    )
    width = (INNER - TILE_GAP * (len(tiles) - 1)) // len(tiles)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        for index, (value, caption) in enumerate(tiles):
            left = PAD + index * (width + TILE_GAP)
            centre = left + width / 2
            draw.rounded_rectangle((left, top, left + width, top + height), radius=18, fill=SURFACE)
            value_font, caption_font = font(34, True), font(17)
            draw.text((centre, top + 44), fit(value, value_font, width - 20), font=value_font, fill=TEXT, anchor="mm")
            # Two short lines rather than one cut: captions run longer in other languages than in English.
            lines = wrap(caption, caption_font, width - 20, 2)
            for row, line in enumerate(lines):
                middle = top + 86 + (row - (len(lines) - 1) / 2) * 21
                draw.text((centre, middle), line, font=caption_font, fill=MUTED, anchor="mm")

    return Block(height, paint)


def _footer(profile: Profile) -> Block:
    answers = ngettext("{n} answer", "{n} answers", profile.answers).format(n=number(profile.answers))
    checks = ngettext("{n} check answered in all", "{n} checks answered in all", profile.gold_answered)
    text = f"{answers} · {checks.format(n=number(profile.gold_answered))}"
    footer_font = font(17)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        draw.text((PAD, top), fit(text, footer_font, INNER), font=footer_font, fill=MUTED)

    return Block(22, paint)
