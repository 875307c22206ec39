"""Output for the terminal: plain text, Rich, and the JSON shapes."""
