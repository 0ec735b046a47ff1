"""The PySide6 user interface; Qt is imported here and nowhere else."""
