"""Reading a corpus: decoding files, the page layout model, the parse into articles and paragraphs, manifests and source folders."""
