# A node image of faultline's Docker runtime, for machines that can pull a base image. Without
# a registry, scripts/build-image (which DockerRuntime also calls by itself) assembles the same
# layout from this machine's own files instead; this file documents that layout:
#
#   - Node, at the path process.execPath has on the host (targets launch nodes with it),
#   - the clock skew library at /usr/lib/faultline/libfaultline-clock.so (LD_PRELOAD; the
#     runtime sets FAULTLINE_CLOCK_FILE to an offset file in the node's volume),
#   - this checkout at its host path, with its dependencies (nodes run faultline's programs),
#   - whatever else a target's nodes run (a server binary), added to this file by hand.
# Partitions need nothing here: each node's holder container (built by the runtime) applies them.
#
# Build it with the host's paths, then point the runtime at it:
#
#   docker build --build-arg FAULTLINE_ROOT="$PWD" --build-arg NODE_PATH="$(command -v node)" \
#     -t faultline-node:local .
#   FAULTLINE_DOCKER_IMAGE=faultline-node:local faultline test --runtime docker
#   (or DockerRuntime.create({ image: 'faultline-node:local', ... }) from code)

FROM node:20-bookworm-slim AS clock-library
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY nemesis/clock/faultline-clock.c /src/faultline-clock.c
RUN gcc -O2 -Wall -shared -fPIC -o /src/libfaultline-clock.so /src/faultline-clock.c

FROM node:20-bookworm-slim
ARG FAULTLINE_ROOT=/opt/faultline
ARG NODE_PATH=/usr/bin/node
COPY --from=clock-library /src/libfaultline-clock.so /usr/lib/faultline/libfaultline-clock.so
# The official image keeps Node in /usr/local/bin; a NodeCommand names the host's path.
RUN if [ ! -e "$NODE_PATH" ]; then mkdir -p "$(dirname "$NODE_PATH")" && ln -s /usr/local/bin/node "$NODE_PATH"; fi

WORKDIR $FAULTLINE_ROOT
COPY package.json package-lock.json ./
# Dev dependencies too: from sources, nodes run their TypeScript under tsx.
RUN npm ci --ignore-scripts && npm cache clean --force
COPY bin ./bin
COPY core ./core
COPY generators ./generators
COPY harness ./harness
COPY checkers ./checkers
COPY nemesis ./nemesis
COPY targets ./targets
COPY reports ./reports
COPY tsconfig.json tsconfig.build.json ./

# Not labelled faultline.image: that label marks built images the builder may prune.
LABEL org.opencontainers.image.title="faultline node"
# The runtime replaces the command with the target's own and clears the entrypoint.
CMD ["node", "--version"]
