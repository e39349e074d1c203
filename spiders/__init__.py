"""Spiders: one generic, profile-driven spider class per site profile, plus ``site`` for ad-hoc URLs."""
