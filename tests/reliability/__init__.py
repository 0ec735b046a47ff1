"""Crash and fault survival, encryption at rest, tamper evidence and hostile input."""
