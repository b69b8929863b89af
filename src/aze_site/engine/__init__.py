"""The build engine: memoised queries, recorded dependencies, dirtying and early cutoff."""

from aze_site.engine.nodes import MISSING, Ctx, EngineError, Query, Sink
from aze_site.engine.runtime import Engine
from aze_site.engine.store import Damaged, FileSig, Output, Store

__all__ = ["MISSING", "Ctx", "Damaged", "Engine", "EngineError", "FileSig", "Output", "Query",
           "Sink", "Store"]
