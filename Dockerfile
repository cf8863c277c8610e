# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# DejaVu fonts for the rank-list PDFs (reportlab; PDF_FONT_DIR), so accents and symbols print.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY accounts ./accounts
COPY programs ./programs
COPY outreach ./outreach
COPY scoring ./scoring
RUN pip install .
COPY . .

# collectstatic needs the production settings to load; these throwaway values never reach runtime.
RUN SECRET_KEY=collectstatic-only-$(python -c "import secrets; print(secrets.token_hex(32))") \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    SITE_URL=https://build.invalid \
    python manage.py collectstatic --noinput

RUN useradd --system --create-home shortlist && mkdir -p /app/var && chown -R shortlist /app/var
USER shortlist
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
