# The API and worker image: Python 3.11, dependencies locked by uv.lock, run as a non-root user.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/app/.venv

RUN pip install --no-cache-dir uv \
    && groupadd --system --gid 10001 mentoring \
    && useradd --system --uid 10001 --gid mentoring --home-dir /app --shell /usr/sbin/nologin mentoring

WORKDIR /app

# Dependencies first (cached while only the code changes), then the project itself.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY mentoring ./mentoring
COPY matching ./matching
COPY jobs ./jobs
RUN uv sync --frozen --no-dev \
    && mkdir -p /app/var \
    && chown -R mentoring:mentoring /app/var

ENV PATH="/app/.venv/bin:${PATH}" \
    MENTORING_ENV=production \
    MENTORING_DATA_DIR=/app/var

USER mentoring
EXPOSE 8000
ENTRYPOINT ["mentoring"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--no-migrate", "--no-demo"]
