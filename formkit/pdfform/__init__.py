"""The PDF form layer shared by self-assessments and checklists: writing and reading AcroForms."""
