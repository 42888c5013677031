# syntax=docker/dockerfile:1
# prixbot: a static binary on a distroless base, running as a non-root user.
# PostgreSQL is not in the image: set DATABASE_URL (see compose.yaml).

ARG GO_VERSION=1.26
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# timetzdata embeds the time zone database, so contest time zones resolve
# whatever the base image carries.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags="-s -w" -o /out/prixbot ./cmd/prixbot

# distroless/static: CA certificates (for api.telegram.org and slack.com),
# /etc/passwd with the nonroot user, no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/prixbot /usr/local/bin/prixbot
USER 65532:65532
WORKDIR /home/nonroot
ENV HTTP_ADDR=0.0.0.0:8080 \
    PRIXBOT_DATA=/home/nonroot/.prixbot \
    LOG_FORMAT=json
EXPOSE 8080
# SIGTERM starts a graceful shutdown that ends within 10 s (Docker's default
# grace period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/prixbot"]
CMD ["run"]
