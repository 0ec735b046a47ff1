"""The crash-survival harness: a worker that takes intakes, and the parent's ledger and checks."""
