import { describe, expect, it } from 'vitest'
import { dotNetRegExp } from '../../../../main/sandbox/processing/dotnet-regex'
import { JobFailure } from '../../../../main/sandbox/processing/types'

describe('dotNetRegExp', () => {
  it('runs the asset template’s expressions unchanged', () => {
    const re = dotNetRegExp('\\$([^,\\$]+,){1}(?<ITEM1>([^,\\$]+)),?', 'g')
    const values = [...'$1,Build-1,x$\n$2,Build-2,y$'.matchAll(re)].map((m) => m.groups?.['ITEM1'])
    expect(values).toEqual(['Build-1', 'Build-2'])
  })

  it("translates (?'name'), \\k'name', \\A, \\Z and leading inline options", () => {
    expect(dotNetRegExp("(?'ITEM1'a+)\\k'ITEM1'").exec('aaaa')?.groups?.['ITEM1']).toBe('aa')
    expect(dotNetRegExp('\\Aab\\z').test('ab')).toBe(true)
    expect(dotNetRegExp('\\Aab\\Z').test('xab')).toBe(false)
    expect(dotNetRegExp('(?i)abc').test('ABC')).toBe(true)
    expect(dotNetRegExp('\\\\A').test('\\A')).toBe(true)
    expect(dotNetRegExp('(?>ab)c').test('abc')).toBe(true)
  })

  it('refuses what JavaScript cannot express, as a job failure', () => {
    expect(() => dotNetRegExp('[a-z-[aeiou]]')).toThrow(JobFailure)
    expect(() => dotNetRegExp('a(?i:b)')).toThrow(JobFailure)
    expect(() => dotNetRegExp('(unclosed')).toThrow(/not a valid regular expression/)
  })
})
