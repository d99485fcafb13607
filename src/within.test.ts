import { describe, expect, it } from 'vitest'
import { within } from './within.ts'

const after = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms))

describe('within', () => {
  it("gives work's value when it is in time", async () => {
    expect(await within(200, after(5, 'done'), () => 'late')).toBe('done')
  })

  it("gives onTimeout's value when work is late", async () => {
    expect(await within(5, after(200, 'done'), () => 'late')).toBe('late')
  })

  it("rejects with what onTimeout throws, and with work's own rejection", async () => {
    await expect(
      within(5, after(200, 'done'), () => {
        throw new Error('deadline')
      })
    ).rejects.toThrow('deadline')
    await expect(within(200, Promise.reject(new Error('failed')), () => 'late')).rejects.toThrow(
      'failed'
    )
  })
})
