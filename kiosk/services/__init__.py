"""The application layer: every act that changes data, each with its audit entry in one
transaction; the screens and the command line call these, never storage."""
