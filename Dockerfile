# MediaOS in one container: the CLI now, the daemon and its page when they land.
# Build: docker build -t mediaos .   Run: docker run -v $PWD/config:/config mediaos validate /config
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY mediaos ./mediaos
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 mediaos
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER mediaos
ENV MEDIAOS_CONFIG=/config MEDIAOS_DATA_DIR=/data
VOLUME ["/config", "/data"]
ENTRYPOINT ["mediaos"]
CMD ["validate"]
