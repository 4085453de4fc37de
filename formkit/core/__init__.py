"""The bottom layer: errors, input-file checks, YAML reading, packaged resources, names and
spelling suggestions. It imports nothing else from formkit, so every layer above may use it."""
