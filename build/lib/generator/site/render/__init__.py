"""Rendering: the catalogue model turned into the Markdown/HTML pages MkDocs builds."""
