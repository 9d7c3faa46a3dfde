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


# --- hardening -----------------------------------------------------------------------------

def _int_env(name: str, default: int, low: int, high: int) -> int:
    """An integer setting within [low, high]; a malformed value is a startup error that
    names the variable, not a silent default."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{name}={text!r}: expected a whole number from {low} to {high}")
    return int(text)


def suppress_below() -> int:
    """`SUPPRESS_BELOW`: counts from 1 to this minus one are shown as "<N" to board members
    (default 5, the Ministry of Justice's practice)."""
    return _int_env("SUPPRESS_BELOW", 5, 2, 100)


def max_request_bytes() -> int:
    """`MAX_REQUEST_BYTES`: the largest request body accepted (default 4 MB); larger is 413."""
    return _int_env("MAX_REQUEST_BYTES", 4_000_000, 10_000, 100_000_000)


def max_log_chars() -> int:
    """`MAX_LOG_CHARS`: log lines longer than this are cut (default 2,000 characters)."""
    return _int_env("MAX_LOG_CHARS", 2000, 200, 1_000_000)


def load_lock_wait() -> int:
    """`LOAD_LOCK_WAIT`: seconds a load waits for another load of the same database to
    finish before giving up (default 600)."""
    return _int_env("LOAD_LOCK_WAIT", 600, 0, 86_400)
