"""The seam between the core and every adapter: plain, frozen facts, one module per area.

A core call takes a `UserRef` and plain values and returns these dataclasses. Wording lives in
`bot/common/texts/`; nothing here knows Telegram, Discord or the terminal.
"""

from __future__ import annotations

from core.types.campaigns import (
    CampaignInfo,
    CampaignStats,
    CampaignStatus,
    ExportFormat,
    ExportResult,
    ImportResult,
    PackForm,
    Rejection,
    WorkProgress,
)
from core.types.communities import (
    CommunityInfo,
    CommunityRef,
    Quiz,
    QuizAnswer,
    QuizClose,
    QuizResult,
)
from core.types.play import (
    BoardScope,
    CheckIn,
    Choice,
    GoldFeedback,
    Invite,
    Leaderboard,
    LevelChange,
    LinkCode,
    Linked,
    Notice,
    NoticeKind,
    Outcome,
    Platform,
    Profile,
    Progress,
    Prompt,
    ReceiptFacts,
    Standing,
    TaskKind,
    UserRef,
    Welcome,
)
from core.types.rewards import (
    ClaimFacts,
    WalletChallenge,
    WalletInfo,
    WalletLinked,
)

__all__ = [
    "BoardScope",
    "CampaignInfo",
    "CampaignStats",
    "CampaignStatus",
    "CheckIn",
    "Choice",
    "ClaimFacts",
    "CommunityInfo",
    "CommunityRef",
    "ExportFormat",
    "ExportResult",
    "GoldFeedback",
    "ImportResult",
    "Invite",
    "Leaderboard",
    "LevelChange",
    "LinkCode",
    "Linked",
    "Notice",
    "NoticeKind",
    "Outcome",
    "PackForm",
    "Platform",
    "Profile",
    "Progress",
    "Prompt",
    "Quiz",
    "QuizAnswer",
    "QuizClose",
    "QuizResult",
    "ReceiptFacts",
    "Rejection",
    "Standing",
    "TaskKind",
    "UserRef",
    "WalletChallenge",
    "WalletInfo",
    "WalletLinked",
    "Welcome",
    "WorkProgress",
]
