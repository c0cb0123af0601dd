"""Vyper sources of the payout contracts and their committed, compiled artifacts (``build/``)."""
