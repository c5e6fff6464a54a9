"""Adapters: one module per input format, each turning raw files into a CanonicalDataset."""
