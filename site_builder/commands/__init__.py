"""The command line: one module per verb's work (build and check, new, serve and its watcher)."""
