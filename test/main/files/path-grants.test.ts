import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PathGrants } from '../../../main/files/path-grants'

const win = () => new PathGrants({ file: null, platform: 'win32', log: () => {} })

describe('PathGrants with Windows path rules (path.win32, so they run here too)', () => {
  it('covers a granted folder and what is under it, case-insensitively, and nothing beside it', () => {
    const g = win()
    g.grant('C:\\Users\\Me\\Downloads', 'folder', 'dialog')
    expect(g.isGranted('c:\\users\\me\\downloads\\job 1\\out.xlsx')).toBe(true)
    expect(g.isGranted('C:\\Users\\Me\\Downloads')).toBe(true)
    expect(g.isGranted('C:\\Users\\Me\\Downloads2\\x.txt')).toBe(false)
    expect(g.isGranted('C:\\Users\\Me\\Downloads\\..\\Documents\\secret.txt')).toBe(false)
    expect(g.isGranted('C:/Users/Me/Downloads/ok.txt')).toBe(true)
  })

  it('grants a file alone, not its folder', () => {
    const g = win()
    g.grant('D:\\data\\records.csv', 'file', 'drop')
    expect(g.isGranted('D:\\DATA\\Records.csv')).toBe(true)
    expect(g.isGranted('D:\\data\\other.csv')).toBe(false)
    expect(g.isGranted('D:\\data')).toBe(false)
  })

  it.each([
    ['a UNC path', '\\\\fileserver\\share\\x.xlsx'],
    ['a UNC path with forward slashes', '//fileserver/share/x.xlsx'],
    ['a \\\\?\\ device path', '\\\\?\\C:\\x.xlsx'],
    ['a \\\\.\\ device path', '\\\\.\\PhysicalDrive0'],
    ['an NT path', '\\??\\C:\\x.xlsx'],
    ['an alternate data stream', 'C:\\x.xlsx:hidden'],
    ['a relative path', 'x.xlsx']
  ])('refuses %s unless picked in a native dialog', (_what, p) => {
    const g = win()
    expect(() => g.grant(p, 'file', 'typed')).toThrow(expect.objectContaining({ code: 'Forbidden' }))
    expect(() => g.grant(p, 'file', 'drop')).toThrow(expect.objectContaining({ code: 'Forbidden' }))
    expect(() => g.check(p)).toThrow(expect.objectContaining({ code: 'Forbidden' }))
    expect(g.isGranted(p)).toBe(false)
  })

  it('lets a native dialog grant a UNC folder (Windows showed the user where it leads)', () => {
    const g = win()
    g.grant('\\\\fileserver\\share', 'folder', 'dialog')
    expect(g.isGranted('\\\\fileserver\\share\\team\\x.xlsx')).toBe(true)
    expect(g.isGranted('\\\\otherserver\\share\\x.xlsx')).toBe(false)
  })

  it('keeps persistent grants in a versioned file, and a corrupt file is moved aside and reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-grants-file-'))
    const file = join(dir, 'grants.json')
    const first = new PathGrants({ file, log: () => {} })
    first.grant(join(dir, 'downloads'), 'folder', 'download', true)
    first.grant(join(dir, 'once.csv'), 'file', 'dialog')
    await first.flushed()
    const second = new PathGrants({ file, log: () => {} })
    await second.load()
    expect(second.isGranted(join(dir, 'downloads', 'a.xlsx'))).toBe(true)
    expect(second.isGranted(join(dir, 'once.csv'))).toBe(false)

    writeFileSync(file, '{"schemaVersion": 1, "data": {"grants": "all"}}')
    const logged: string[] = []
    const third = new PathGrants({ file, log: (m) => logged.push(m) })
    await third.load()
    expect(third.isGranted(join(dir, 'downloads', 'a.xlsx'))).toBe(false)
    expect(logged.join()).toMatch(/grants/)
    expect(readdirSync(dir).some((n) => n.startsWith('grants.json.corrupt-'))).toBe(true)
  })
})
