import { describe, expect, it } from 'vitest'
import { openTargets } from '../../../common/open-target'
import { jumpListTasks } from '../../../main/shell/jump-list'
import { openArg, openTargetFromArgs, parseOpenValue } from '../../../main/shell/launch-args'

const exe = 'C:\\Program Files\\JobQueue Desktop\\JobQueue Desktop.exe'

describe('--open= (jump list tasks)', () => {
  it('takes each allow-listed page, with or without slashes around it', () => {
    expect(openTargetFromArgs([exe, '--open=/new/excel'])).toBe('new/excel')
    expect(openTargetFromArgs([exe, '--open=drafts/'])).toBe('drafts')
    expect(openTargetFromArgs([exe, '--allow-file-access-from-files', '--open=/downloads'])).toBe('downloads')
    for (const t of openTargets) expect(parseOpenValue(openArg(t).slice('--open='.length))).toBe(t)
    expect(openTargetFromArgs([exe])).toBeNull()
    expect(openTargetFromArgs(undefined)).toBeNull()
  })

  it.each([
    '--open=',
    '--open=/settings',
    '--open=/new/excel/../../connections',
    '--open=/new/excel?x=1',
    '--open=https://evil.example/',
    '--open=javascript:alert(1)',
    '--open=//evil.example/new',
    '--open=/NEW/EXCEL',
    '--open=/new/excel\u0000',
    '--open=/new/excel\n/drafts',
    `--open=/${'a'.repeat(5000)}`
  ])('refuses %j and says so', (arg) => {
    const refused: string[] = []
    expect(openTargetFromArgs([exe, arg], (why) => refused.push(why))).toBeNull()
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatch(/names no page JobQueue Desktop opens/)
    expect(refused[0]?.length).toBeLessThan(200)
  })

  it('keeps an earlier good value when a later one is refused', () => {
    expect(openTargetFromArgs([exe, '--open=/drafts', '--open=/../etc'])).toBe('drafts')
  })
})

describe('the jump list', () => {
  it('offers the five tasks, each starting the exe with its --open= page, which parses back', () => {
    const tasks = jumpListTasks(exe)
    expect(tasks.map((t) => [t.title, t.arguments])).toEqual([
      ['New Excel import', '--open=/new/excel'],
      ['New text import', '--open=/new/text'],
      ['New export', '--open=/new/export'],
      ['Drafts', '--open=/drafts'],
      ['Downloads', '--open=/downloads']
    ])
    for (const t of tasks) {
      expect(t.program).toBe(exe)
      expect(t.iconPath).toBe(exe)
      expect(openTargetFromArgs([t.program, t.arguments])).not.toBeNull()
    }
  })
})
