"""Benchmarks: scripts that print figures (make bench and friends), never tests."""
