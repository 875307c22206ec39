"""The catalog: its data model, TOML schema, build, load, cache, search and the learner's overlay."""
