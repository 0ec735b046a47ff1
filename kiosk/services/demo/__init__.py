"""Demo data: a day of intakes made through the real session and nurse desk, and a history."""
