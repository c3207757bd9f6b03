"""Forms of incidents, one module per concept: they parse and validate input; services act."""
