"""campaign serving priority; group quiz answers recorded per quiz; tasks players skip or report

Revision ID: 0019
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0019"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "group_quiz_answer",
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("choice", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["quiz_id"], ["group_quiz.id"]),
        sa.PrimaryKeyConstraint("quiz_id", "account_id"),
    )
    op.create_index(op.f("ix_group_quiz_answer_account_id"), "group_quiz_answer", ["account_id"], unique=False)
    op.create_table(
        "task_flag",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("item_id", "account_id"),
    )
    op.create_index(op.f("ix_task_flag_kind"), "task_flag", ["kind"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_task_flag_kind"), table_name="task_flag")
    op.drop_table("task_flag")
    op.drop_index(op.f("ix_group_quiz_answer_account_id"), table_name="group_quiz_answer")
    op.drop_table("group_quiz_answer")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("priority")
