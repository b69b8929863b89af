"""Map tiles in browser tests: answered from memory, so no test depends on the network.

The interactive map asks the tile server of site.yaml (OpenStreetMap by default) for
tiles; tests answer every such request with a plain one-pixel PNG instead.
"""

from __future__ import annotations

import base64
from typing import Any

TILES = "https://tile.openstreetmap.org/**"
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4//INAAVfArXCrC2WAAAAAElFTkSuQmCC")


def offline_tiles(page: Any) -> None:
    """Serve blank tiles to a Playwright page or browser context."""
    page.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png",
                                                  body=BLANK_PNG))
