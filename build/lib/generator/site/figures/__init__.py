"""Aggregated figures of the catalogue.

- `compute`: the catalogue turned into totals, coverage and breakdowns (pure, no I/O);
- `charts`: static SVG bar charts, readable without JavaScript;
- `site`: the `chiffres/` page, written at build time by `write(catalogue, docs_dir)`.
"""
