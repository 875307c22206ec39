"""The command line: the Typer app, its commands, prompts, completion and views."""
