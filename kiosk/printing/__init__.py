"""The printing adapter beside storage: hands PDF bytes to a CUPS queue (cups); no Qt, no database."""
