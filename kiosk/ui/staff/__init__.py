"""Staff side: the PIN gate, and what a signed-in nurse or admin sees."""
