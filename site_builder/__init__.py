"""jobboard: a static job-board generator for public-interest tech work."""

__version__ = "0.1.0"
