# Youth justice performance dashboard: gunicorn (gunicorn.conf.py) serving the Dash app on
# port 8050 as an unprivileged user, with the sample data loaded into the embedded SQLite
# database at build time.
#
#   docker build -t youth-justice-dashboard .
#   docker run --rm -p 8050:8050 youth-justice-dashboard
#   # or against PostgreSQL: docker run -e DATABASE_URL=postgresql+psycopg://user:pw@host/db ...
#   #   (then load data once: docker run --rm -e DATABASE_URL=... IMAGE python -m dashboard load sample_data)
#   # PostgreSQL, Redis and two app containers together: docker compose up (docker-compose.yml)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    CHROMIUM_PATH=/usr/bin/chromium \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# chromium + a font: headless Chromium (driven by Playwright) prints the board pack PDF.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Sample data into instance/youth_justice.db (the default DATABASE_URL), with the demo
# users (README, "Logging in"): they are made only on the bundled synthetic sample.
RUN python -m dashboard load sample_data && python -m dashboard demo-users

# Run unprivileged; SQLite in WAL mode needs to write beside the database file.
# instance/packs: board pack jobs and PDFs (a volume shared with the pack worker in
# docker-compose.yml takes this folder's owner when first mounted).
RUN useradd --system --create-home --home-dir /home/app app \
    && mkdir -p /app/instance/packs && chown -R app:app /app/instance
USER app

EXPOSE 8050
ENV GUNICORN_BIND=0.0.0.0:8050

# /health answers 200 only when the database does (urllib: no curl in the image).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8050/health', timeout=8)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "app:server"]
