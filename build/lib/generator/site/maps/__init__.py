"""Territory maps: projection, committed geography data and SVG renderers."""
