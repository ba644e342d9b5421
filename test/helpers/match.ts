import { expect } from 'vitest'

// Vitest's asymmetric matchers, typed `unknown` instead of `any`, so that type-aware lint can tell a matcher
// in an expected object from an unsafe value.
export const stringMatching = (pattern: string | RegExp): unknown => expect.stringMatching(pattern)
export const stringContaining = (text: string): unknown => expect.stringContaining(text)
export const objectContaining = (object: Record<string, unknown>): unknown => expect.objectContaining(object)
export const arrayContaining = (items: unknown[]): unknown => expect.arrayContaining(items)
export const anyOf = (constructor: abstract new (...args: never[]) => unknown): unknown => expect.any(constructor)
