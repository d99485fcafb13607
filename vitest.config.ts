import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'adapters/**/*.test.ts', 'test/**/*.test.ts'],
    // Starts a local Kafka broker (or uses KAFKA_BROKERS) for the integration tests.
    globalSetup: ['test/global-setup-kafka.ts'],
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
})
