"""The pipelines being replaced by the engine (engine/, queries/, build/): kept until the switch."""
