"""The leaderboard card: the top players and, highlighted, the player who asked."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw

from bot.common.cards.canvas import (
    ACCENT_SOFT,
    ACCENT_TEXT,
    BRONZE,
    GOLD,
    INNER,
    MUTED,
    PAD,
    SILVER,
    SURFACE,
    SURFACE_HIGH,
    TEXT,
    Block,
    Colour,
    compose,
    line_height,
    text_block,
    to_png,
)
from bot.common.cards.fonts import font
from bot.common.cards.text import fit, label, number
from bot.common.texts.i18n import N_, _
from bot.common.texts.levels import level_title
from core.types import Leaderboard, Standing

MAX_ROWS = 10
ROW_HEIGHT = 56
SCOPES = {"all": N_("All time"), "week": N_("This week"), "community": N_("This community")}
# Disc and digit colours; bronze is dark enough to need light digits.
MEDALS: dict[int, tuple[Colour, Colour]] = {1: (GOLD, SURFACE), 2: (SILVER, SURFACE), 3: (BRONZE, TEXT)}
# Column left edges inside the card: rank, name, level, and the right edge of points.
RANK_X, NAME_X, LEVEL_X, POINTS_RIGHT = PAD + 20, PAD + 90, PAD + 430, PAD + INNER - 20


def leaderboard_card(board: Leaderboard) -> bytes:
    """PNG of the top rows with rank, name, level and points; "you" is highlighted, added below if not on top."""
    rows = list(board.rows[:MAX_ROWS])
    you_listed = board.you is not None and any(_same(row, board.you) for row in rows)
    blocks = [text_block(_("Leaderboard"), 36, bold=True), _subtitle(board)]
    if not rows:  # the player's own row alone ("1. You — 0") would contradict "nobody"
        blocks.append(text_block(_("Nobody has points yet: answer a task to be the first."), 22, MUTED))
        return to_png(compose(blocks))
    blocks.append(_table(rows, board.you, you_listed))
    return to_png(compose(blocks, gap=12))


def _subtitle(board: Leaderboard) -> Block:
    scope = _(SCOPES[board.scope]) if board.scope in SCOPES else ""
    # The date in digits, so no month name is left in English.
    since = _(" · since {date}").format(date=f"{board.since:%Y-%m-%d}") if board.since is not None else ""
    return text_block(scope + since, 20, MUTED)


def _same(row: Standing, you: Standing) -> bool:
    return row.rank == you.rank and row.display_name == you.display_name


def _table(rows: Sequence[Standing], you: Standing | None, you_listed: bool) -> Block:
    entries: list[Standing | None] = list(rows)
    if you is not None and not you_listed:
        # A gap row says the ranks in between are left out.
        entries.extend([None, you] if rows else [you])
    heading = line_height(16) + 8
    height = heading + ROW_HEIGHT * len(entries)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        _column_titles(draw, top)
        for index, entry in enumerate(entries):
            y = top + heading + index * ROW_HEIGHT
            if entry is None:
                draw.text((PAD + INNER // 2, y + ROW_HEIGHT // 2), "· · ·", font=font(20), fill=MUTED, anchor="mm")
                continue
            highlighted = you is not None and _same(entry, you)
            _row(draw, y, entry, highlighted, shaded=index % 2 == 0)

    return Block(height, paint)


def _column_titles(draw: ImageDraw.ImageDraw, top: int) -> None:
    small = font(16, True)
    draw.text((RANK_X, top), "#", font=small, fill=MUTED)
    draw.text((NAME_X, top), _("PLAYER"), font=small, fill=MUTED)
    draw.text((LEVEL_X, top), _("LEVEL"), font=small, fill=MUTED)
    draw.text((POINTS_RIGHT, top), _("POINTS"), font=small, fill=MUTED, anchor="ra")


def _row(draw: ImageDraw.ImageDraw, y: int, row: Standing, highlighted: bool, shaded: bool) -> None:
    box = (PAD, y + 3, PAD + INNER, y + ROW_HEIGHT - 3)
    if highlighted:
        draw.rounded_rectangle(box, radius=14, fill=ACCENT_SOFT, outline=ACCENT_TEXT, width=2)
    elif shaded:
        draw.rounded_rectangle(box, radius=14, fill=SURFACE)
    middle = y + ROW_HEIGHT // 2
    _rank(draw, (RANK_X + 18, middle), row.rank)
    name_font, level_font, points_font = font(22, True), font(19), font(22, True)
    name = label(row.display_name, _("Player"))
    if highlighted:
        yours = _("{name} (you)").format(name=name)
        name = yours if name_font.getlength(yours) <= LEVEL_X - NAME_X - 16 else name
    draw.text((NAME_X, middle), fit(name, name_font, LEVEL_X - NAME_X - 16), font=name_font, fill=TEXT, anchor="lm")
    points = number(row.points)
    level_room = POINTS_RIGHT - LEVEL_X - points_font.getlength(points) - 16
    level = fit(label(level_title(row.level_title), ""), level_font, level_room)
    draw.text((LEVEL_X, middle), level, font=level_font, fill=MUTED, anchor="lm")
    draw.text((POINTS_RIGHT, middle), points, font=points_font, fill=TEXT, anchor="rm")


def _rank(draw: ImageDraw.ImageDraw, centre: tuple[int, int], rank: int) -> None:
    """Medal discs for the podium, plain numbers below it."""
    x, y = centre
    text = number(rank)
    size = 18 if len(text) <= 3 else 14
    medal = MEDALS.get(rank)
    if medal is not None:
        disc, ink = medal
        draw.ellipse((x - 17, y - 17, x + 17, y + 17), fill=disc)
        draw.text(centre, text, font=font(size, True), fill=ink, anchor="mm")
        return
    draw.ellipse((x - 17, y - 17, x + 17, y + 17), fill=SURFACE_HIGH)
    draw.text(centre, fit(text, font(size, True), 60), font=font(size, True), fill=TEXT, anchor="mm")
