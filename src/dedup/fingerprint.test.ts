import { describe, expect, it } from 'vitest'
import { fingerprint } from './fingerprint.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('fingerprint', () => {
  it('is the first 16 bytes of SHA-256, unsalted, so every process agrees', () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223 b00361a396177a9cb410ff61f20015ad
    expect(hex(fingerprint('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223')
  })

  it('hashes the UTF-8 bytes of the key', () => {
    // SHA-256 of the bytes c3 a9 ("é" in UTF-8), not of the Latin-1 byte e9.
    expect(hex(fingerprint('é'))).toBe('4a99557e4033c3539de2eb65472017ca')
  })

  it('tells apart keys that differ in one character', () => {
    expect(hex(fingerprint('plain:w:pEv_1'))).not.toBe(hex(fingerprint('plain:w:pEv_2')))
  })
})
