"""Fixtures of the clinic-server tests: the PostgreSQL cluster (``pg_cluster``), a fresh database
per test (``server_url``) and its schema (``initialised``) live in the root conftest, shared with
the kiosk window's sync tests under tests/ui."""
