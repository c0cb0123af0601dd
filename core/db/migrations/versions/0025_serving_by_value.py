"""what one more answer is worth per item, so serving asks where an answer is worth most

Revision ID: 0025
Revises: 0021

Items already answered start at the fresh value; the next answer or refit writes their real one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ask_value", sa.Float(), nullable=False, server_default="0.25"))
        batch_op.create_index("ix_item_value", ["campaign_id", "gold", "status", "ask_value", "answers"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index("ix_item_value")
        batch_op.drop_column("ask_value")
