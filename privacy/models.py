"""Data protection: subject access exports, rectification statements, retention."""
