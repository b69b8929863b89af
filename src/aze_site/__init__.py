"""aze-site: the static site generator of the Alliance for Zero Extinction website."""

__version__ = "0.1.0"
