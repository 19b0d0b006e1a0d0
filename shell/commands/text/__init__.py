"""Text filters: cat, head/tail, wc, cut, tr, sort, uniq, seq, expr, diff..."""
