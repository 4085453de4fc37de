"""The bottom layer: errors, input-file checks, YAML reading, packaged resources, names,
spelling suggestions and the cache folders' pruning. It imports nothing else from formkit, so
every layer above may use it."""
