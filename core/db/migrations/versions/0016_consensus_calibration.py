"""consensus calibration: each campaign's confidence map, fitted on gold by the refit

Revision ID: 0016
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calibration_slope", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("calibration_intercept", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("calibration_intercept")
        batch_op.drop_column("calibration_slope")
