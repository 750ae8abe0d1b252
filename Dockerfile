# apiposture as a container job. Build: docker build -t apiposture .
# Run:   docker run --rm -e AWS_REGION=eu-west-1 -v "$PWD/reports:/reports" apiposture scan --output-dir /reports

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY checks ./checks
RUN npx tsc -p tsconfig.json

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY examples ./examples
USER node
ENTRYPOINT ["node", "/app/dist/src/cli/bin.js"]
CMD ["scan"]
