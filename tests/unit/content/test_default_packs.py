from __future__ import annotations

from core.content import default_packs_dir, load_default_packs, load_pack, pick_gold
from core.types import TaskKind


def test_default_packs_load_cleanly_in_ladder_order() -> None:
    packs = load_default_packs()
    assert [p.manifest.kind for p in packs] == [
        TaskKind.BOT_OR_NOT,
        TaskKind.IMAGE_BINARY,
        TaskKind.IMAGE_CATEGORY,
        TaskKind.COMPARISON,
        TaskKind.NUMERIC,
    ]
    for folder in sorted(p for p in default_packs_dir().iterdir() if p.is_dir()):
        assert load_pack(folder).rejected == (), folder.name


def test_every_item_has_a_known_answer_and_about_a_third_is_gold() -> None:
    for pack in load_default_packs():
        items = pack.items
        assert len(items) >= 50
        assert all(item.known_answer is not None for item in items)
        share = sum(item.gold for item in items) / len(items)
        assert abs(share - 0.3) < 0.01, pack.manifest.name
        if pack.manifest.kind in (TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY, TaskKind.NUMERIC):
            assert all(item.image is not None and item.image.is_file() for item in items)
        if pack.manifest.kind is TaskKind.COMPARISON:
            assert all(len(item.answers) == 2 for item in items)


def test_images_are_small_and_answers_balanced() -> None:
    from PIL import Image

    packs = {p.manifest.kind: p for p in load_default_packs()}
    for kind in (TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY, TaskKind.NUMERIC):
        for item in packs[kind].items[:20]:
            with Image.open(item.image) as im:
                assert im.format == "PNG" and max(im.size) <= 256
    bots = [i.known_answer for i in packs[TaskKind.BOT_OR_NOT].items]
    assert bots.count("human") == bots.count("bot")
    assert all(".example" in i.text for i in packs[TaskKind.BOT_OR_NOT].items if "http" in i.text)


def test_pick_gold_is_deterministic_and_order_free() -> None:
    ids = [str(n) for n in range(100)]
    assert pick_gold(ids, 0.3) == pick_gold(reversed(ids), 0.3)
    assert len(pick_gold(ids, 0.3)) == 30 and pick_gold(ids, 0.0) == frozenset()
