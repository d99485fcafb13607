import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    hookTimeout: 60_000,
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'adapters/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/integration/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Starts a local Kafka broker (or uses KAFKA_BROKERS) once for the integration tests.
          globalSetup: ['test/global-setup-kafka.ts'],
        },
      },
    ],
  },
})
