"""The catalogue layer: the frozen data model, loading and schema checks, overlays, the effective
catalogue they give, terminology, wording (locale) and catalogue diffs. It knows nothing of
documents; import from the modules (``formkit.catalog.load`` etc.) so loading one costs only it."""
