# The API and worker image: Python 3.11, dependencies locked by uv.lock, run as a non-root user.
#
# The code tree (/app, owned by root) is read-only for the runtime user, and so is its home (/app):
# the only writable place is the data directory /app/var (a volume in docker-compose.yml, whose
# containers run with a read-only root filesystem). numba keeps its compiled matching kernels in
# /app/var/numba-cache, warmed while the image is built, so a start loads them instead of compiling
# for ~15 s (on a CPU unlike the build machine's, the API recompiles them once, in the background).
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
    && mkdir -p /app/var/numba-cache \
    && chown -R mentoring:mentoring /app/var

ENV PATH="/app/.venv/bin:${PATH}" \
    MENTORING_ENV=production \
    MENTORING_DATA_DIR=/app/var \
    MENTORING_NUMBA_CACHE_DIR=/app/var/numba-cache

USER mentoring

# Compile the matching engine once, as the runtime user, into the data directory's cache.
RUN NUMBA_CACHE_DIR=/app/var/numba-cache python -c \
    "from mentoring.app import warm_matching_engine as warm; print(f'matching engine compiled in {warm():.1f}s')"

VOLUME ["/app/var"]
EXPOSE 8000
ENTRYPOINT ["mentoring"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--no-migrate", "--no-demo"]
