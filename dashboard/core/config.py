"""Configuration read from environment variables (all optional)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "instance" / "youth_justice.db"
SAMPLE_DATA_DIR = PROJECT_ROOT / "sample_data"


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


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """An integer setting; a malformed or too small value is an error that names it."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


def db_settings() -> dict:
    """Database timeouts and pool sizes (`DB_*` variables; see README)."""
    return {
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5, minimum=1),        # seconds
        "statement_timeout_ms": env_int("DB_STATEMENT_TIMEOUT_MS", 30000),     # 0 = none
        "pool_size": env_int("DB_POOL_SIZE", 5, minimum=1),
        "max_overflow": env_int("DB_MAX_OVERFLOW", 5),
        "pool_timeout": env_int("DB_POOL_TIMEOUT", 10, minimum=1),            # seconds
        "pool_recycle": env_int("DB_POOL_RECYCLE", 1800),                     # seconds
    }


def max_content_length() -> int:
    """Largest request body accepted, in bytes (`MAX_CONTENT_LENGTH`, default 1 MiB)."""
    return env_int("MAX_CONTENT_LENGTH", 1024 * 1024, minimum=1024)


def hsts_always() -> bool:
    """`HSTS=1`: send Strict-Transport-Security on every response, not only HTTPS ones
    (for a TLS-terminating proxy that does not say X-Forwarded-Proto: https)."""
    return os.environ.get("HSTS", "").strip().lower() in {"1", "true", "yes", "on"}
