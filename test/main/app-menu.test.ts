import { describe, expect, it } from 'vitest'
import { isDeveloperRole, menuTemplate, rolesOf } from '../../main/app-menu'

describe('the application menu', () => {
  it('has File, Edit, View and Window, with the editing roles a text box needs', () => {
    const menu = menuTemplate({ packaged: true })
    expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window'])
    expect(rolesOf(menu)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']))
  })

  it('packaged: no reload and no developer tools anywhere; developer build: both', () => {
    expect(rolesOf(menuTemplate({ packaged: true })).filter(isDeveloperRole)).toEqual([])
    expect(rolesOf(menuTemplate({ packaged: false })).filter(isDeveloperRole)).toEqual([
      'reload',
      'forceReload',
      'toggleDevTools'
    ])
  })
})
