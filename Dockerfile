# syntax=docker/dockerfile:1

# Switchboard image: the same image runs the api (default command) and the
# worker (`node dist/src/worker.js`). See docker-compose.yml.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NODE_ENV=development \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# `nest build` (tsconfig.build.json) writes dist/src/** and dist/migrations/**.
RUN npm run build \
 && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
# The `node` user (uid 1000) ships with the official image.
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/schema.gql ./schema.gql
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# Node receives SIGTERM directly (exec form, no shell) and shuts down gracefully.
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
