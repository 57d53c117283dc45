"""Clinician share links (filled in below)."""
