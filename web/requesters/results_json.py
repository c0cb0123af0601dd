"""A page of settled results as JSON text: the database wrote each item's answers and label counts; the items'
own fields are added here and every worker placeholder is named in one formatting pass."""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii

from core.game.requesters.settled import SettledRows, page_workers


def results_body(rows: SettledRows) -> bytes:
    """`{"results": [...], "next_after": ...}`; per item its label counts (counted answers only, the most
    frequent first) and its answers in time order under the page's worker pseudonyms."""
    template = ",".join(
        f'{{"id":{_text(row.external_id)},"state":"{row.status}","gold":{_bool(row.gold)},'
        f'"answers_count":{row.answers_count},"label":{_text(row.label)},"confidence":{_number(row.confidence)},'
        f'"ambiguous":{_bool(row.status == "ambiguous")},"label_counts":{{{row.counts_json}}},'
        f'"answers":[{row.answers_json}]}}'
        for row in rows.items
    )
    results = template % page_workers(template.count("%("))
    return f'{{"results":[{results}],"next_after":{json.dumps(rows.next_after)}}}'.encode()


def _text(value: str | None) -> str:
    """JSON for an id or a label (what json.dumps writes, without its per-call set-up), with "%" doubled: the
    page is a %-template until its workers are named."""
    return "null" if value is None else encode_basestring_ascii(value).replace("%", "%%")


def _number(value: float | None) -> str:
    return "null" if value is None else repr(float(value))


def _bool(value: bool) -> str:
    return "true" if value else "false"
