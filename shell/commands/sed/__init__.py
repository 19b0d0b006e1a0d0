"""sed: parser, model, executor."""
