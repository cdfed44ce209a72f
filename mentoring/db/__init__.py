"""Database layer: models, engine configuration and migrations."""
