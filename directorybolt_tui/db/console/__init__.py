"""Data access of the staff console (no UI imports: the import-linter contract forbids textual here)."""
