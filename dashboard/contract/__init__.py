"""The data contract: schema, vocabularies, periods."""
