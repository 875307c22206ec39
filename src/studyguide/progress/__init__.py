"""The learner's progress: its model, the changes to it, its file, the store and spaced review."""
