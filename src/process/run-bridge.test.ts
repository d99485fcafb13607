import { describe, expect, it } from 'vitest'
import { startFailureMessage } from './run-bridge.ts'

const kafkaError = (name: string, message: string) => Object.assign(new Error(message), { name })

describe('startFailureMessage', () => {
  it('names the brokers and the fix when Kafka cannot be reached', () => {
    expect(
      startFailureMessage(
        kafkaError(
          'KafkaJSConnectionError',
          'Connection error: connect ECONNREFUSED 10.0.0.1:9092'
        ),
        ['10.0.0.1:9092', '10.0.0.2:9092']
      )
    ).toBe(
      'switchboard could not start: cannot reach Kafka at 10.0.0.1:9092,10.0.0.2:9092 (Connection error: connect ECONNREFUSED 10.0.0.1:9092): check KAFKA_BROKERS (and KAFKA_SSL_*), and that the brokers are up'
    )
  })

  it('points at the SASL settings when Kafka refuses the credentials', () => {
    expect(
      startFailureMessage(
        kafkaError('KafkaJSSASLAuthenticationError', 'SASL PLAIN authentication failed'),
        ['k:9092']
      )
    ).toMatch(/refused the credentials .*KAFKA_SASL_USERNAME/)
  })

  it('names the address and the port variables when a port is taken', () => {
    const taken = Object.assign(new Error('listen EADDRINUSE: address already in use'), {
      code: 'EADDRINUSE',
      address: '0.0.0.0',
      port: 8080,
    })
    expect(startFailureMessage(taken, ['k:9092'])).toBe(
      'switchboard could not start: cannot listen on 0.0.0.0:8080 (listen EADDRINUSE: address already in use): set PORT or ADMIN_PORT to a free port, or stop what listens there'
    )
  })

  it('says anything else as it is', () => {
    expect(startFailureMessage(new Error('missing Kafka topics: a, b'), ['k:9092'])).toBe(
      'switchboard could not start: missing Kafka topics: a, b'
    )
  })
})
