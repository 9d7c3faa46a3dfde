"""Pure pandas on query results: headline figures, comparators, thresholds."""
