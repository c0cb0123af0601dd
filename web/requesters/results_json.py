"""A page of settled results as JSON text: the database wrote each item's JSON object; its worker placeholders are
named here in one formatting pass."""

from __future__ import annotations

import json

from core.game.requesters.settled import SettledRows, page_workers


def results_body(rows: SettledRows) -> bytes:
    """`{"results": [...], "next_after": ...}`; per item its label counts (counted answers only, the most
    frequent first) and its answers in time order under the page's worker pseudonyms."""
    template = ",".join(rows.items)
    results = template % page_workers(template.count("%("))
    return f'{{"results":[{results}],"next_after":{json.dumps(rows.next_after)}}}'.encode()
