import { describe, expect, it } from 'vitest'
import { isSafeRelativePath, normalizeVirtualPath, safeFileName } from '../../../../main/sandbox/processing'

describe('isSafeRelativePath', () => {
  it.each([
    'data.xlsx',
    'attachments/image.png',
    'a\\b\\c.txt',
    './x.txt',
    'a/../b.txt',
    'dir/sub dir/file name.xlsx',
    'é/ü.png'
  ])('accepts %s', (p) => {
    expect(isSafeRelativePath(p)).toBe(true)
  })

  it.each([
    '',
    '   ',
    '~/x',
    '~user/x',
    '../x',
    'a/../../x',
    '..\\x',
    'C:/x',
    'C:x',
    'c:\\windows\\system32',
    '/etc/passwd',
    '\\x',
    '//server/share',
    '\\\\remote\\c$',
    'file.txt:stream',
    'a/..',
    '.',
    'a\u0000b',
    'line\nbreak'
  ])('refuses %j', (p) => {
    expect(isSafeRelativePath(p)).toBe(false)
  })
})

describe('normalizeVirtualPath', () => {
  it('uses forward slashes and resolves inner dots', () => {
    expect(normalizeVirtualPath('a\\b\\.\\c.txt')).toBe('a/b/c.txt')
    expect(normalizeVirtualPath('./a//b/../c.txt')).toBe('a/c.txt')
  })
})

describe('safeFileName', () => {
  it('makes any text a Windows-safe file name', () => {
    expect(safeFileName('Export: 1/2 <test>?')).toBe('Export_ 1_2 _test__')
    expect(safeFileName('con')).toBe('_con')
    expect(safeFileName('name. ')).toBe('name')
    expect(safeFileName('   ')).toBe('output')
    expect(safeFileName('x'.repeat(300))).toHaveLength(120)
  })
})
