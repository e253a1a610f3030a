"""The alert projection: what an outside system is told about a person or a home."""
