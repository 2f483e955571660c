"""Understudy: replace a big model's answers with a small fine-tuned open model. One module per stage."""
