"""Outputs made from the pages and queries: CSV export, board pack."""
