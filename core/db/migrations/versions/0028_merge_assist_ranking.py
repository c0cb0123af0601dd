"""merge the feature branches (the model as a worker, comparison systems)

Revision ID: 0028
Revises: 0027_model_assist, 0027_comparison_systems

New migrations continue from here, so the history has one head again.
"""

from collections.abc import Sequence

revision: str = "0028"
down_revision: tuple[str, ...] = ("0027_model_assist", "0027_comparison_systems")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
