"""The process around the game: one scheduler for every periodic job, and the worker processes of `chatlabel run`."""
