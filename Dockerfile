# The newsmap dashboard in a container: everything it needs is baked into the image (Python
# packages, the offline gazetteer, Leaflet and the country outlines), so it runs with no
# network at all. The store lives in the /data volume. `python -m dashboard` serves the app
# gzip-compressed (dashboard/asgi.py), so no compressing proxy is needed in front of it.
#
# A container is public (NEWSMAP_HOSTED=1): the page offers no uploads or URL fetches unless
# the operator turns them on AND sets a secret the page then asks for (dashboard/access.py).
#
#   docker build -t newsmap .
#   docker run -p 8501:8501 -v newsmap-data:/data newsmap              # the map; no page ingest
#   docker run -p 8501:8501 -v newsmap-data:/data -e NEWSMAP_PAGE_INGEST=1 \
#       -e NEWSMAP_INGEST_TOKEN="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')" \
#       newsmap                                        # page ingest for whoever has the token
#   docker run -p 8501:8501 -v newsmap-data:/data -e NEWSMAP_READONLY=1 newsmap   # store: read only
#   docker exec <container> python -m articles ingest /data/inbox --quiet         # e.g. from cron
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NEWSMAP_STORE=/data/newsmap.sqlite \
    NEWSMAP_HOSTED=1

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Build what the app would otherwise build on first use, as root, once: the gazetteer (from
# installed packages) and the map assets (copied from installed XStatic packages).
RUN python -m geodata.build_gazetteer --quiet \
    && python -c "from dashboard.assets import prepare_static; prepare_static()"

RUN useradd --create-home --uid 10001 newsmap && mkdir -p /data/inbox && chown -R newsmap /data
USER newsmap
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["python", "-m", "dashboard", "--server.address=0.0.0.0", "--server.port=8501"]
