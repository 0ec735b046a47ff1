"""Pure Python core: forms, rules, scoring, the intake session. No Qt, no SQL."""
