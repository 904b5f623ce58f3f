"""MediaOS: a declarative media library daemon."""

__version__ = "0.1.0"
