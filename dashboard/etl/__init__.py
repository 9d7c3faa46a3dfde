"""Validate, load, derive and generate import data."""
