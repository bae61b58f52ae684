"""Page generators: each returns Markdown strings (and asks for diagrams) for one kind of page."""
