"""requester money: each requester's deposit reference, the pool-low state of its jobs; who may work on a
campaign (a minimum reputation, onboarding gold); deposits seen on chain and the watcher's block cursor; the
covering index results paging reads answers from

Revision ID: 0023
Revises: 0021
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0023"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("requester") as batch:
        batch.add_column(sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    requester = sa.table("requester", sa.column("id", sa.Integer), sa.column("reference", sa.String))
    bind = op.get_bind()
    for (requester_id,) in bind.execute(sa.select(requester.c.id)).all():
        bind.execute(
            requester.update().where(requester.c.id == requester_id).values(reference=secrets.token_hex(8))
        )
    with op.batch_alter_table("requester") as batch:
        batch.alter_column("reference", nullable=False)
        batch.create_unique_constraint("uq_requester_reference", ["reference"])
    with op.batch_alter_table("requester_job") as batch:
        batch.add_column(sa.Column("pool_low", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("min_reputation", sa.Float(), nullable=True))
        batch.add_column(sa.Column("onboarding_gold", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "chain_deposit",
        sa.Column("tx_hash", sqlmodel.sql.sqltypes.AutoString(length=66), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("units", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("block", sa.BigInteger(), nullable=False),
        sa.Column("credited_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["requester_id"], ["requester.id"]),
        sa.PrimaryKeyConstraint("tx_hash", "log_index"),
    )
    op.create_index(
        "ix_assignment_item_answers",
        "assignment",
        ["item_id", "answered_at", "account_id", "choice", "counted"],
        unique=False,
    )
    op.create_table(
        "chain_cursor",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("block", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("chain_cursor")
    op.drop_index("ix_assignment_item_answers", table_name="assignment")
    op.drop_table("chain_deposit")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("onboarding_gold")
        batch.drop_column("min_reputation")
    with op.batch_alter_table("requester_job") as batch:
        batch.drop_column("pool_low")
    with op.batch_alter_table("requester") as batch:
        batch.drop_constraint("uq_requester_reference", type_="unique")
        batch.drop_column("reference")
