import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  collisionKey,
  DEFAULT_SEGMENT_CAP,
  fitPath,
  isInside,
  isValidWindowsSegment,
  joinInside,
  MAX_PATH,
  PathTooLongError,
  sanitizeSegment,
  SUFFIX_RESERVE
} from '../../../main/downloads/sanitize'
import { layoutSegments, layoutValues, parseTemplate, planPath } from '../../../main/downloads/layout'

describe('sanitizeSegment', () => {
  it.each([
    ['a<b>c:d"e', 'a_b_c_d_e'],
    ['x/y\\z', 'x_y_z'],
    ['pipe|question?star*', 'pipe_question_star_'],
    ['tab\there\nnew\u0000nul\u007fdel\u0085nel', 'tab_here_new_nul_del_nel'],
    ['..', 'unnamed'],
    ['.', 'unnamed'],
    ['', 'unnamed'],
    ['   ', 'unnamed'],
    ['report. . .', 'report'],
    ['trailing space ', 'trailing space'],
    ['  leading', 'leading'],
    ['.gitignore', '.gitignore'],
    ['../../etc/passwd', '.._.._etc_passwd'],
    ['C:\\Windows\\system32', 'C__Windows_system32'],
    ['\\\\server\\share', '__server_share']
  ])('replaces reserved characters and trims: %j → %j', (raw, expected) => {
    expect(sanitizeSegment(raw)).toBe(expected)
    expect(isValidWindowsSegment(sanitizeSegment(raw))).toBe(true)
  })

  it.each([
    ['CON', 'CON_'],
    ['con', 'con_'],
    ['PRN.txt', 'PRN_.txt'],
    ['aux.tar.gz', 'aux_.tar.gz'],
    ['NUL', 'NUL_'],
    ['nul.', 'nul_'],
    ['COM1', 'COM1_'],
    ['com9.log', 'com9_.log'],
    ['LPT1', 'LPT1_'],
    ['lpt9.xlsx', 'lpt9_.xlsx'],
    ['COM¹', 'COM¹_'],
    ['CON .txt', 'CON_ .txt'],
    ['CONIN$', 'CONIN$_']
  ])('renames the reserved device name %j → %j', (raw, expected) => {
    expect(sanitizeSegment(raw)).toBe(expected)
    expect(isValidWindowsSegment(sanitizeSegment(raw))).toBe(true)
  })

  it.each(['CONSOLE', 'COM10', 'LPT', 'nullable.txt', 'auxiliary', 'PRN_'])(
    'keeps %j, which is not a device name',
    (name) => {
      expect(sanitizeSegment(name)).toBe(name)
    }
  )

  it('keeps Unicode, normalised to NFC', () => {
    expect(sanitizeSegment('Résumé — 試験 ✓ 🚀.xlsx')).toBe('Résumé — 試験 ✓ 🚀.xlsx')
    expect(sanitizeSegment('Cafe\u0301')).toBe('Caf\u00e9')
    expect(sanitizeSegment('Ελληνικά данные')).toBe('Ελληνικά данные')
  })

  it('replaces lone surrogates, which no file system can store', () => {
    expect(sanitizeSegment('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc')
  })

  it('caps very long names and keeps the extension', () => {
    const out = sanitizeSegment('x'.repeat(5000) + '.xlsx')
    expect(out.length).toBe(DEFAULT_SEGMENT_CAP)
    expect(out.endsWith('.xlsx')).toBe(true)
    expect(isValidWindowsSegment(out)).toBe(true)
  })

  it('never splits a surrogate pair when it cuts', () => {
    const out = sanitizeSegment('🚀'.repeat(300))
    expect(out.length).toBeLessThanOrEqual(DEFAULT_SEGMENT_CAP)
    expect(isValidWindowsSegment(out)).toBe(true)
    expect(out).toBe('🚀'.repeat(out.length / 2))
  })

  it('cuts away trailing dots that the cut exposes', () => {
    const raw = 'a'.repeat(DEFAULT_SEGMENT_CAP - 1) + '.....b'
    const out = sanitizeSegment(raw)
    expect(isValidWindowsSegment(out)).toBe(true)
    expect(out.endsWith('.')).toBe(false)
  })
})

describe('paths', () => {
  it('treats names that differ only by case as the same file', () => {
    expect(collisionKey('Dir/Report.XLSX')).toBe(collisionKey('dir/report.xlsx'))
    expect(collisionKey('C:\\Out\\A.txt')).toBe(collisionKey('c:/out/a.txt'))
    expect(collisionKey('Cafe\u0301')).toBe(collisionKey('CAF\u00c9'))
  })

  it('fits a long path under MAX_PATH by shortening the longest segments', () => {
    const dest = 'C:\\Users\\someone\\Downloads\\granta'
    const segs = [sanitizeSegment('j'.repeat(200)), sanitizeSegment('f'.repeat(200) + '.xlsx')]
    const fitted = fitPath(dest, segs)
    const full = path.win32.join(dest, ...fitted)
    expect(full.length + SUFFIX_RESERVE).toBeLessThanOrEqual(MAX_PATH)
    expect(fitted[1]?.endsWith('.xlsx')).toBe(true)
    for (const s of fitted) expect(isValidWindowsSegment(s)).toBe(true)
  })

  it('refuses a destination so deep that nothing fits', () => {
    const dest = 'C:\\' + 'deep\\'.repeat(50)
    expect(() => fitPath(dest, ['folder name', 'file.xlsx'])).toThrow(PathTooLongError)
  })

  it('refuses to join a segment that would leave the destination', () => {
    expect(() => joinInside('/dest', ['..', 'x'])).toThrow()
    expect(() => joinInside('/dest', ['a/../../b'])).toThrow()
    expect(joinInside('/dest', ['a', 'b.txt'])).toBe(path.resolve('/dest/a/b.txt'))
  })
})

describe('layout template', () => {
  const job = {
    id: '3f2b8c1e-9a7d-4e11-b2c3-5d6e7f809a1b',
    name: 'Export: steels/2026 <final>',
    type: 'ExcelExportJob',
    submitterName: 'DOMAIN\\alice',
    completionDate: '2026-11-28T09:05:07Z'
  }

  it('fills every field and sanitises each level as a whole', () => {
    const levels = parseTemplate(
      '{submitter}/{jobType}/{completedDate} {completedTime}/{jobName} ({jobIdShort})/{jobId}-{fileName}'
    )
    const d = new Date(job.completionDate)
    const p2 = (n: number) => String(n).padStart(2, '0')
    const segs = layoutSegments(levels, layoutValues(job, 'out:1.xlsx'))
    expect(segs).toEqual([
      'DOMAIN_alice',
      'ExcelExportJob',
      `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}-${p2(d.getMinutes())}-${p2(d.getSeconds())}`,
      'Export_ steels_2026 _final_ (3f2b8c1e)',
      '3f2b8c1e-9a7d-4e11-b2c3-5d6e7f809a1b-out_1.xlsx'
    ])
  })

  it('plans the default layout inside the destination', () => {
    const p = planPath('/downloads', parseTemplate('{jobName} ({jobIdShort})/{fileName}'), job, 'Export.xlsx')
    expect(p.relativePath).toBe('Export_ steels_2026 _final_ (3f2b8c1e)/Export.xlsx')
    expect(p.targetPath).toBe(path.resolve('/downloads', 'Export_ steels_2026 _final_ (3f2b8c1e)', 'Export.xlsx'))
  })

  it('refuses unknown fields and a layout without {fileName} at the end', () => {
    expect(() => parseTemplate('{jobName}/{nope}/{fileName}')).toThrow(/unknown field \{nope\}/)
    expect(() => parseTemplate('{fileName}/{jobName}')).toThrow(/must contain \{fileName\}/)
    expect(() => parseTemplate(' / ')).toThrow(/empty/)
  })

  it('handles a job that has not completed and has no name', () => {
    const v = layoutValues({ id: 'abc', name: null, completionDate: null }, 'f.log')
    expect(v.jobName).toBe('job')
    expect(v.completedDate).toBe('not-completed')
  })
})

describe('hostile names (property)', () => {
  const hostilePiece = fc.oneof(
    fc.constantFrom(
      '..',
      '.',
      '/',
      '\\',
      '../',
      '..\\',
      'C:',
      'C:\\',
      '\\\\?\\',
      '//',
      ':',
      '*',
      '?',
      '"',
      '<',
      '>',
      '|',
      ' ',
      '. ',
      '~'
    ),
    fc.constantFrom('CON', 'prn', 'Aux', 'nul', 'COM1', 'com9', 'LPT1', 'lpt9', 'COM¹', 'CONIN$', '.txt', '.xlsx', '.'),
    fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.string({ maxLength: 300 })
  )
  const hostileName = fc.array(hostilePiece, { maxLength: 12 }).map((parts) => parts.join(''))
  const dest = { win32: 'C:\\Users\\me\\Downloads', posix: '/home/me/Downloads' }

  it('every result is a valid Windows name and stays inside the destination (100,000 names)', () => {
    fc.assert(
      fc.property(hostileName, hostileName, (jobName, fileName) => {
        const segs = layoutSegments(
          parseTemplate('{jobName} ({jobIdShort})/{fileName}'),
          layoutValues({ id: 'id-1234', name: jobName }, fileName)
        )
        const single = sanitizeSegment(fileName)
        for (const s of [...segs, single]) {
          if (!isValidWindowsSegment(s)) return false
        }
        const fitted = fitPath(dest.win32, segs)
        const win = joinInside(dest.win32, fitted, path.win32)
        const posix = joinInside(dest.posix, fitted, path.posix)
        return (
          isInside(dest.win32, win, path.win32) &&
          isInside(dest.posix, posix, path.posix) &&
          win.length + SUFFIX_RESERVE <= MAX_PATH &&
          fitted.every(isValidWindowsSegment)
        )
      }),
      { numRuns: 100_000 }
    )
  }, 180_000)
})
