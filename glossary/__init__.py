"""Offline Spanish → English translation that obeys a glossary: the engine, free of any UI."""

__version__ = "0.1.0"
