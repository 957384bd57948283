# tclive as a container image: the static binary, a CA bundle and a non-root user, nothing
# else (no shell, no base image to pull). scripts/dist writes the context into dist/docker/:
#
#   scripts/dist && docker build -f Dockerfile -t tclive --build-arg TARGETARCH=amd64 \
#     --build-arg VERSION=0.1.0 --build-arg SOURCE=https://github.com/tclive/tclive \
#     --build-arg LICENSES=MIT dist/docker
#
# (scripts/dist-test and the release workflow pass Cargo.toml's version, repository and
# license.)
#
# Multi-arch (the release workflow): dist/docker/amd64/tclive and dist/docker/arm64/tclive,
# then `docker buildx build --platform linux/amd64,linux/arm64 ...` (no emulation needed:
# nothing runs during the build).
FROM scratch
# Set by BuildKit (buildx) for each platform; the classic builder needs --build-arg TARGETARCH=amd64.
ARG TARGETARCH
ARG VERSION
ARG SOURCE
ARG LICENSES
COPY ${TARGETARCH}/tclive /usr/bin/tclive
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY passwd group /etc/
ENV PATH=/usr/bin
USER 65532:65532
ENTRYPOINT ["tclive"]
CMD ["--help"]
LABEL org.opencontainers.image.title="tclive" \
      org.opencontainers.image.description="Bind HTTPS certificates to Tencent Cloud Live (CSS) playback domains" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.url="${SOURCE}" \
      org.opencontainers.image.licenses="${LICENSES}"
