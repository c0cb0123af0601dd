"""economy: the double-entry book (named accounts with cached balances, append-only entries); receipts as facts

Revision ID: 0014
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Stamp = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "book_account",
        sa.Column("name", String(length=64), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "book_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("debit", String(length=64), nullable=False),
        sa.Column("credit", String(length=64), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", String(length=32), nullable=False),
        sa.Column("ref", String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=True),
        sa.Column("created_at", Stamp(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("debit", "credit", "reason", "ref"),
    )
    op.create_index("ix_book_entry_debit", "book_entry", ["debit"])
    op.create_index("ix_book_entry_credit", "book_entry", ["credit", "created_at"])
    op.create_index("ix_book_entry_player", "book_entry", ["account_id", "created_at"])
    # Receipts keep the figures of the share instead of a sentence built in the core.
    with op.batch_alter_table("receipt") as batch:
        batch.add_column(sa.Column("reward", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("winners_weight", sa.Float(), nullable=False, server_default="0"))
        batch.drop_column("formula")


def downgrade() -> None:
    with op.batch_alter_table("receipt") as batch:
        batch.add_column(sa.Column("formula", String(length=300), nullable=False, server_default=""))
        batch.drop_column("winners_weight")
        batch.drop_column("reward")
    op.drop_table("book_entry")
    op.drop_table("book_account")
