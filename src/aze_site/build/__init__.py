"""`aze-site build` and `aze-site check`: the engine driven over a project (being switched over)."""

from aze_site.legacy.build import BuildOptions, BuildResult, build

__all__ = ["BuildOptions", "BuildResult", "build"]
