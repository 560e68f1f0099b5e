"""The core vocabulary: plain dataclasses, enums, rules and errors (standard library only)."""
