"""Renderers: each turns the engine's result objects into one output format."""
