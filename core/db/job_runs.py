"""Each scheduled run of a job is taken by one worker: a conditional update of the job's lease row.

The row's `expires_at` is when the job is next due. Every worker's scheduler fires, and only the one whose
`UPDATE ... WHERE expires_at <= now` changes the row runs the job; the others see zero rows and skip. One
statement, so READ COMMITTED (PostgreSQL) and SQLite's single writer both make it atomic.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import rows_changed
from core.db.reward_tables import JobLease

PREFIX = "job:"  # beside the payout lease in the same table
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def lease_name(job: str) -> str:
    return (PREFIX + job)[:32]


async def take_run(session: AsyncSession, job: str, holder: str, now: datetime, next_due: datetime) -> bool:
    """True when this caller runs `job` now; the job is then not due again before `next_due`."""
    name = lease_name(job)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    await session.execute(
        insert(JobLease).values(name=name, holder="", expires_at=NEVER).on_conflict_do_nothing(index_elements=["name"])
    )
    taken = await session.execute(
        update(JobLease)
        .where(col(JobLease.name) == name, col(JobLease.expires_at) <= now)
        .values(holder=holder[:64], expires_at=next_due)
    )
    return rows_changed(taken) == 1
