"""merge the feature branches (campaign admin, group quizzes, rewards, Discord roles, answer caches, consensus)

Revision ID: 0009
Revises: 0003, 0004, 0005, 0006, 0007, 0008

New migrations continue from here, so the history has one head again.
"""

from collections.abc import Sequence

revision: str = "0009"
down_revision: tuple[str, ...] = ("0003", "0004", "0005", "0006", "0007", "0008")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
