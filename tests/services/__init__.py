"""Tests of the application layer: each act, its audit entry, one transaction."""
