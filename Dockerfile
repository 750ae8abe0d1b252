# apiposture as a scheduled container job (ECS, Batch, Kubernetes …).
#   docker build -t apiposture .
#   docker run --rm --read-only --tmpfs /tmp -v "$PWD/reports:/reports" \
#     -e APIPOSTURE_REGIONS=eu-west-1,us-east-1 -e AWS_REGION=eu-west-1 apiposture
# Configuration comes from APIPOSTURE_* environment variables (README: "Configuration"); flags
# given after the image name win over them. test/container/ builds the same tree without Docker.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/production-tree.sh ./scripts/
COPY src ./src
COPY checks ./checks
RUN sh scripts/production-tree.sh

FROM node:24-bookworm-slim AS runtime
# V8's young generation capped at 16 MB a semi-space: in a 2 GiB job the heavy 10,000-API
# benchmark account peaks at about 0.99 GB of RSS instead of 1.04-1.07, for no measurable CPU
# (deploy/README.md, "Sizing the job"). Without the flag the CLI holds it at this size itself.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=16 \
    APIPOSTURE_OUTPUT_DIR=/reports
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY examples/demo-inventory.json ./examples/
# Writes go only to the output folder and /tmp, so the root filesystem can be read-only.
RUN mkdir -p /reports && chown node:node /reports
VOLUME ["/reports"]
USER node
ENTRYPOINT ["node", "/app/dist/src/cli/bin.js"]
CMD ["scan"]
