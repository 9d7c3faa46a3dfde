"""Configuration read from environment variables (all optional)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "instance" / "youth_justice.db"
SAMPLE_DATA_DIR = PROJECT_ROOT / "sample_data"   # the bundled synthetic folder (demo users)


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


# --- sign-in -----------------------------------------------------------------------------

AUTH_MODES = ("password", "header")  # no "none": every deployment signs its users in
SECRET_KEY_PATH = PROJECT_ROOT / "instance" / "secret_key"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def auth_mode() -> str:
    """`AUTH_MODE`: "password" (the login form, default) or "header" (a trusted SSO proxy)."""
    mode = os.environ.get("AUTH_MODE", "password").strip().lower() or "password"
    if mode not in AUTH_MODES:
        raise ValueError(f"AUTH_MODE={mode!r} is not supported: use one of {AUTH_MODES}")
    return mode


def auth_header() -> str:
    """`AUTH_HEADER`: the header the proxy puts the signed-in user's name in."""
    return os.environ.get("AUTH_HEADER", "").strip() or "REMOTE_USER"


def trusted_proxies() -> frozenset[str]:
    """`AUTH_TRUSTED_PROXIES`: addresses whose username header is believed (header mode)."""
    text = os.environ.get("AUTH_TRUSTED_PROXIES", "127.0.0.1,::1")
    return frozenset(ip.strip() for ip in text.split(",") if ip.strip())


def session_hours() -> float:
    """`SESSION_HOURS`: a session ends after this long without a request (default 8)."""
    return float(os.environ.get("SESSION_HOURS", "8"))


def login_limits() -> tuple[int, int]:
    """(`LOGIN_MAX_FAILURES`, `LOGIN_LOCK_SECONDS`): that many failures locks for that long."""
    return (int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
            int(os.environ.get("LOGIN_LOCK_SECONDS", "60")))


def cookie_secure() -> bool:
    """Secure cookies when `SESSION_COOKIE_SECURE=1` or `PREFERRED_URL_SCHEME=https`."""
    return _flag("SESSION_COOKIE_SECURE") or \
        os.environ.get("PREFERRED_URL_SCHEME", "").strip().lower() == "https"


def secret_key() -> str:
    """`SECRET_KEY`, else a random key made once in instance/secret_key (mode 0600).

    Every gunicorn worker must sign cookies with the same key, so the first to start writes
    the file and the others read it; os.link makes the publish atomic (no half-written key).
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    path = SECRET_KEY_PATH
    if not path.exists():
        import secrets
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".secret_key.{os.getpid()}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another worker won the race: use its key
        finally:
            temp.unlink()
    return path.read_text().strip()


# --- serving ------------------------------------------------------------------------------

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
    return _flag("HSTS")


# --- hardening -----------------------------------------------------------------------------

def suppress_below() -> int:
    """`SUPPRESS_BELOW`: counts from 1 to this minus one are shown as "<N" to board members
    (default 5, the Ministry of Justice's practice)."""
    return env_int("SUPPRESS_BELOW", 5, minimum=2)


def max_log_chars() -> int:
    """`MAX_LOG_CHARS`: log lines longer than this are cut (default 2,000 characters)."""
    return env_int("MAX_LOG_CHARS", 2000, minimum=200)


def load_lock_wait() -> int:
    """`LOAD_LOCK_WAIT`: seconds a load waits for another load of the same database to
    finish before giving up (default 600)."""
    return env_int("LOAD_LOCK_WAIT", 600)


def bundle_cache_dir() -> Path:
    """BUNDLE_CACHE_DIR: where Dash's bundles are kept brotli-compressed at the highest
    quality (dashboard/web/precompress.py), shared by workers and restarts."""
    raw = os.environ.get("BUNDLE_CACHE_DIR", "").strip()
    if raw:
        return Path(raw)
    import tempfile
    return Path(tempfile.gettempdir()) / f"yj-dashboard-bundles-{os.getuid()}"
