"""Development tools, apart from what users run: the evaluations on labelled text and the synthetic corpus generators."""
