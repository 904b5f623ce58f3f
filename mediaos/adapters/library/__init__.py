"""Reading library folders: incremental directory walks, file tags and stream probes."""
