"""The webhook events a requester's jobs emit, and the delivery row that carries one (its body signed when sent)."""

from __future__ import annotations

import json
from datetime import datetime

ITEM_SETTLED = "item.settled"
JOB_DONE = "job.done"
POOL_LOW = "job.pool_low"  # the pool fell below the next items' rewards (once per crossing)
POOL_EMPTY = "job.pool_empty"  # the pool can't pay the next item: the job stopped serving


def event_row(
    requester_id: int, job_id: int, event: str, ref: str, data: dict[str, object], now: datetime
) -> dict[str, object]:
    body = json.dumps({"event": event, "job_id": job_id, **data, "queued_at": now.isoformat()}, separators=(",", ":"))
    return {
        "requester_id": requester_id,
        "campaign_id": job_id,
        "event": event,
        "ref": ref[:64],
        "body": body,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
