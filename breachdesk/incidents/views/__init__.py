"""Pages of incidents, one module per concept. Views parse input, call one service or
selector, and render."""
