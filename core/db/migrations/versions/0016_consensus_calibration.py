"""consensus calibration and appeals: each campaign's confidence map, fitted on gold by the refit; a
suspended player's appeal and a reviewer's reinstatement

Revision ID: 0016
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calibration_slope", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("calibration_intercept", sa.Float(), nullable=True))
    with op.batch_alter_table("campaignworker", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appealed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("reinstated", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("campaignworker", schema=None) as batch_op:
        batch_op.drop_column("reinstated")
        batch_op.drop_column("appealed_at")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("calibration_intercept")
        batch_op.drop_column("calibration_slope")
