"""The build's stages, one module each, in the order `claimpack.pipeline.STAGES` runs them.

A stage imports only earlier stages and the shared modules (schema, models, problems, layout,
articles, vocabulary, ids), never a later stage nor the published-package side.
"""
