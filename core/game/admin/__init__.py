"""Campaign administration: authorisation, campaigns and their terms, imports, stats (exports in core.game.export)."""

from core.game.admin.facade import CampaignAdmin

__all__ = ["CampaignAdmin"]
