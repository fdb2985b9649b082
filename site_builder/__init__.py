"""site_builder: a static-site generator for news."""

__version__ = "0.1.0"
