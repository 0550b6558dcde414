# askdesk application image (CPU).  Built and run by docker-compose.yml; see docs/deploy.md.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1

# ODBC: unixODBC + MariaDB driver (tests) + Microsoft's SQL Server driver (production sources)
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl gnupg ca-certificates unixodbc-dev odbc-mariadb \
 && curl -fsSL https://packages.microsoft.com/keys/microsoft.asc | gpg --dearmor -o /usr/share/keyrings/microsoft.gpg \
 && echo "deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/microsoft.gpg] https://packages.microsoft.com/debian/12/prod bookworm main" \
      > /etc/apt/sources.list.d/mssql-release.list \
 && apt-get update \
 && ACCEPT_EULA=Y apt-get install -y --no-install-recommends msodbcsql18 \
 && rm -rf /var/lib/apt/lists/*

# Run as an unprivileged user; in compose the app uses the pgvector service, not the embedded Postgres.
RUN useradd --create-home --uid 1000 askdesk
WORKDIR /app
COPY requirements.lock ./
# CPU torch first so nothing pulls a CUDA build; then the pinned dependencies (cached layer)
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
 && grep -v '^torch==' requirements.lock > /tmp/constraints.txt \
 && pip install -r /tmp/constraints.txt
COPY pyproject.toml README.md ./
COPY askdesk ./askdesk
COPY indexing ./indexing
COPY bot ./bot
COPY training ./training
COPY evals ./evals
RUN pip install --no-deps .
USER askdesk
ENV ASKDESK_DATA_DIR=/home/askdesk/data
ENTRYPOINT ["askdesk"]
CMD ["--help"]
