"""Text rules shared by the index and the query: characters, normalization, segmentation and the query language."""
