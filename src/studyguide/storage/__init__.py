"""Files on disk: atomic writes (and, in time, the TOML reader, the lock, OS-error wording)."""
