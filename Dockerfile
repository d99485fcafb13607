# Switchboard: the webhook bridge on Node 24 (the same major as the node@24 dev dependency).
# Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
# In a container, set KAFKA_BROKERS: the local-broker fallback of `npm start` needs Java and Maven.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY adapters ./adapters
COPY scripts/kafka ./scripts/kafka
COPY kafka ./kafka
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "./src/telemetry/register.ts", "--disable-warning=TimeoutNegativeWarning", "src/main.ts"]
