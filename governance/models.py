"""Governance reporting: the dashboard, equality monitoring, board packs, policy versions."""
