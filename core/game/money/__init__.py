"""Money that is real: campaign pools funded from the treasury, the engagement budget, the audit."""
