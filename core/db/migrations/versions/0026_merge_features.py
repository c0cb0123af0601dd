"""merge the feature branches (requester money, player languages, serving by value)

Revision ID: 0026
Revises: 0023, 0024, 0025

New migrations continue from here, so the history has one head again.
"""

from collections.abc import Sequence

revision: str = "0026"
down_revision: tuple[str, ...] = ("0023", "0024", "0025")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
