"""HTTP controllers of the pairing workflow, one module per resource (listed in ``controllers.ROUTES``)."""
