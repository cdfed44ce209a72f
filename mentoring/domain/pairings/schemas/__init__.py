"""Request and response bodies of the pairing workflow, one module per part of it."""
