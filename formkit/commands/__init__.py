"""One module per command group; each imports heavy libraries only when it runs."""
