"""Configuration read from environment variables (all optional)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "instance" / "youth_justice.db"


def database_url() -> str:
    """`DATABASE_URL`, defaulting to an embedded SQLite file under instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_PATH}"


def cache_config() -> dict:
    """flask-caching settings: Redis when `REDIS_URL` is set, else in-process."""
    redis_url = os.environ.get("REDIS_URL", "").strip()
    timeout = int(os.environ.get("CACHE_TIMEOUT", "3600"))
    if redis_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
                "CACHE_DEFAULT_TIMEOUT": timeout}
    return {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": timeout,
            "CACHE_THRESHOLD": 2000}


def thresholds_path() -> Path:
    """RAG thresholds file (`RAG_THRESHOLDS`), defaulting to dashboard/thresholds.toml."""
    return Path(os.environ.get("RAG_THRESHOLDS", PROJECT_ROOT / "dashboard" / "thresholds.toml"))
