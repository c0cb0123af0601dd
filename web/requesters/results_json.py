"""A page of settled results written straight to JSON text: every answer becomes one formatted fragment as its
packed row is split (no dict or tuple per answer, no encoder walking them)."""

from __future__ import annotations

import json

from core.game.requesters.results import SettledRows


def results_body(rows: SettledRows) -> bytes:
    """`{"results": [...], "next_after": ...}`; per item its label counts (counted answers only, the most
    frequent first) and its answers under the page's pseudonyms. Choice keys need no escaping (lower-case
    letters, digits, _ and -); ids and labels are JSON-encoded."""
    worker = rows.worker
    items = []
    for item_id, external_id, status, label, confidence, count, gold in rows.items:
        shown: list[str] = []
        counts: dict[str, int] = {}
        for answer in rows.answers.get(item_id, ()):
            when, account, choice, counted = answer.split("|")
            shown.append(
                f'{{"worker":"{worker(int(account))}","choice":"{choice}","answered_at":"{when[:10]}T{when[11:]}'
                f'+00:00","counted":{"true" if counted == "1" else "false"}}}'
            )
            if counted == "1":
                counts[choice] = counts.get(choice, 0) + 1
        tally = ",".join(f'"{choice}":{n}' for choice, n in sorted(counts.items(), key=lambda pair: -pair[1]))
        items.append(
            f'{{"id":{json.dumps(external_id)},"state":"{status}","gold":{_bool(gold)},"answers_count":{count},'
            f'"label":{json.dumps(label)},"confidence":{json.dumps(confidence)},'
            f'"ambiguous":{_bool(status == "ambiguous")},"label_counts":{{{tally}}},"answers":[{",".join(shown)}]}}'
        )
    return f'{{"results":[{",".join(items)}],"next_after":{json.dumps(rows.next_after)}}}'.encode()


def _bool(value: bool) -> str:
    return "true" if value else "false"
