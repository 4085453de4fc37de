"""The answer store: filled forms kept over time (issue 18). See records.py for what it returns."""
