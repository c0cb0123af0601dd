"""merge the feature branches (item withdrawal reasons, the economy's book, consensus calibration, notice claims,
export pseudonym keys, fair serving and group answers, requesters)

Revision ID: 0021
Revises: 0012, 0014, 0016, 0017, 0018, 0019, 0020

New migrations continue from here, so the history has one head again.
"""

from collections.abc import Sequence

revision: str = "0021"
down_revision: tuple[str, ...] = ("0012", "0014", "0016", "0017", "0018", "0019", "0020")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
