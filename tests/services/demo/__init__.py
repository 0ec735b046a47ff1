"""Tests of the demo data: a day through the real session, a history copied from it."""
