"""The posting format and its reading: declared fields, readers, front matter, Markdown, the frozen model."""
