"""The document families — self-assessments, checklists, job descriptions and catalogue exports —
each rendered from a resolved :class:`formkit.context.Context`, and the pipeline that builds them.
Only the collect reader and the command line sit above this layer."""
