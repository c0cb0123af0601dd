"""each settled item's answers and label counts as the results page shows them

Revision ID: 0030_item_result
Revises: 0029_live_task_message

Items settled before this revision have no row: the results page aggregates their answers as it did before
(`core.game.item_results`), and their next answer writes the row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_item_result"
down_revision: str | None = "0029_live_task_message"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "item_result",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("item_id"),
    )


def downgrade() -> None:
    op.drop_table("item_result")
