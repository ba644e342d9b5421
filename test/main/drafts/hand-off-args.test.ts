import { describe, expect, it } from 'vitest'
import { handedOffArgs } from '../../../main/drafts/hand-off-args'

describe('handedOffArgs: the draft files a start of the app names', () => {
  it('takes --import FILE, --import=FILE and a bare .jqdraft (the file association), resolved against the start folder', () => {
    const argv = [
      'C:\\Program Files\\JobQueue Desktop\\JobQueue Desktop.exe',
      '--allow-file-access-from-files',
      '--import',
      'week 12.jqdraft',
      '--import=D:\\shared\\Tensile.JQDRAFT',
      'C:\\Users\\me\\Downloads\\from colleague.jqdraft'
    ]
    expect(handedOffArgs(argv, 'C:\\Users\\me\\Desktop', 'win32')).toEqual({
      files: [
        'C:\\Users\\me\\Desktop\\week 12.jqdraft',
        'D:\\shared\\Tensile.JQDRAFT',
        'C:\\Users\\me\\Downloads\\from colleague.jqdraft'
      ],
      refused: []
    })
  })

  it('ignores what is not ours, refuses what --import names that is no draft file, and lists a file once', () => {
    const argv = ['/opt/jq/jobqueue', '.', '--no-sandbox', '--import', 'notes.txt', 'a.jqdraft', './a.jqdraft']
    expect(handedOffArgs(argv, '/home/me', 'linux')).toEqual({ files: ['/home/me/a.jqdraft'], refused: ['notes.txt'] })
  })

  it('skips an empty value, a path with a NUL, and --import at the very end', () => {
    expect(handedOffArgs(['--import', '', '--import=bad\0.jqdraft', '--import'], '/tmp', 'linux')).toEqual({
      files: [],
      refused: []
    })
  })
})
