"""Reading a raw file's layout and deciding its line breaks.

reading: what the file looks like as a whole (column width, blank lines,
indentation, wrapped or a paragraph per line). breaks: whether a line
continues the paragraph before it. kinds: lines that are not text at all
(metadata, web chrome, page markers).
"""
