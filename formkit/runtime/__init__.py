"""Writing results safely: artifacts written atomically (outputs, staged), files with someone's
work kept (keep), CSV that spreadsheets cannot execute (csvout) and worker processes (workers).
Above the core and the page engines (keep reads form fields); below every document."""
