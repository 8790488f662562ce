# One image for every Lumina service; the compose file picks the entry point.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY proto/package.json proto/
COPY runtime/package.json runtime/
COPY db/package.json db/
COPY ingest/package.json ingest/
COPY processors/package.json processors/
COPY query-api/package.json query-api/
COPY replay/package.json replay/
COPY alerter/package.json alerter/
COPY examples/node-chat/package.json examples/node-chat/
# The SDK and the dashboard are built by their prepare scripts during npm ci, so their sources come first.
COPY sdk/ sdk/
COPY dashboard/ dashboard/
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production
CMD ["node", "--import", "tsx", "ingest/src/main.ts"]
