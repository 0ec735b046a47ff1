"""The patient's screens, one module each, driven by core.session."""
