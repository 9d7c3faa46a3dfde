"""Configuration and the database engine."""
