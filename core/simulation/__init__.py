"""`chatlabel simulate`: a synthetic crowd plays a campaign through the game's own use cases."""
