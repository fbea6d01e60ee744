"""claimpack."""
