"""Input sources: history files (YAML or JSON), standard input and `-t` trial strings."""
