"""A page of settled results written straight to JSON text: the rows come from one read each for items and
answers, and every answer becomes one formatted fragment (no dict per answer, no encoder walking them)."""

from __future__ import annotations

import json

from core.game.requesters.results import SettledRows


def results_body(rows: SettledRows) -> bytes:
    """`{"results": [...], "next_after": ...}`; per item its label counts (counted answers only, the most
    frequent first) and its answers under pseudonyms that hold within this page."""
    quoted: dict[str, str] = {}  # choices repeat: each is JSON-encoded once per page
    answers, at, total = rows.answers, 0, len(rows.answers)
    items = []
    for item_id, external_id, status, label, confidence, count, gold in rows.items:
        shown, counts = [], {}
        while at < total and answers[at][0] == item_id:
            _, worker, choice, when, counted = answers[at]
            text = quoted.get(choice) or quoted.setdefault(choice, json.dumps(choice))
            shown.append(f'{{"worker":"{worker}","choice":{text},"answered_at":"{when}","counted":{_bool(counted)}}}')
            if counted:
                counts[text] = counts.get(text, 0) + 1
            at += 1
        tally = ",".join(f"{text}:{n}" for text, n in sorted(counts.items(), key=lambda pair: -pair[1]))
        items.append(
            f'{{"id":{json.dumps(external_id)},"state":"{status}","gold":{_bool(gold)},"answers_count":{count},'
            f'"label":{json.dumps(label)},"confidence":{json.dumps(confidence)},'
            f'"ambiguous":{_bool(status == "ambiguous")},"label_counts":{{{tally}}},"answers":[{",".join(shown)}]}}'
        )
    return f'{{"results":[{",".join(items)}],"next_after":{json.dumps(rows.next_after)}}}'.encode()


def _bool(value: bool) -> str:
    return "true" if value else "false"
