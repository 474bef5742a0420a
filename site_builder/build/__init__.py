"""Making the site on disk: the pipeline, the incremental cache, workers, and the one writer."""
