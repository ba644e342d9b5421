import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { browserDesktop, isSafeExternalUrl, progressValue } from '../../../main/desktop-api'

/** Electron's dialog, Notification and shell are mocked; desktop.ts is one of the four files that import electron. */
const fake = vi.hoisted(() => ({
  opened: [] as string[],
  openPathResult: '',
  notifications: [] as unknown[],
  dialogResult: { canceled: false, filePaths: ['/data/a.xlsx', '/data/b.xlsx'] },
  dialogOptions: [] as unknown[]
}))
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  class Notification extends Emitter {
    static isSupported = () => true
    constructor(readonly options: unknown) {
      super()
      fake.notifications.push(this)
    }
    show() {}
  }
  return {
    Notification,
    shell: {
      openExternal: (url: string) => Promise.resolve(void fake.opened.push(url)),
      openPath: () => Promise.resolve(fake.openPathResult),
      showItemInFolder: () => {}
    },
    dialog: {
      showOpenDialog: (...args: unknown[]) =>
        Promise.resolve((fake.dialogOptions.push(args.at(-1)), fake.dialogResult)),
      showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' })
    }
  }
})
const { ElectronDesktop } = await import('../../../main/desktop')

function fakeWindow() {
  return {
    progress: [] as number[],
    focused: 0,
    isDestroyed: () => false,
    isMinimized: () => false,
    restore() {},
    focus() {
      this.focused++
    },
    setProgressBar(v: number) {
      this.progress.push(v)
    }
  }
}

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://www.ansys.com/', true],
    ['HTTPS://EXAMPLE.COM/x', true],
    ['http://example.com/', false],
    ['file:///C:/Windows/notepad.exe', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['https://user:secret@example.com/', false],
    ['', false],
    ['https:', false]
  ])('%s → %s', (url, safe) => expect(isSafeExternalUrl(url)).toBe(safe))
})

describe('progressValue', () => {
  it('clamps to [0, 1] and clears with -1', () => {
    expect([
      progressValue(0.5),
      progressValue(2),
      progressValue(-1),
      progressValue(null),
      progressValue(Number.NaN)
    ]).toEqual([0.5, 1, 0, -1, -1])
  })
})

describe('ElectronDesktop', () => {
  let win: ReturnType<typeof fakeWindow>
  let desktop: InstanceType<typeof ElectronDesktop>
  beforeEach(() => {
    fake.opened.length = 0
    fake.notifications.length = 0
    fake.dialogOptions.length = 0
    win = fakeWindow()
    desktop = new ElectronDesktop(() => win as never)
  })

  it('opens https links and refuses everything else with a Validation error', async () => {
    await desktop.openExternal('https://www.ansys.com/')
    await expect(desktop.openExternal('file:///C:/Windows/System32/calc.exe')).rejects.toMatchObject({
      code: 'Validation'
    })
    await expect(desktop.openExternal('http://example.com/')).rejects.toMatchObject({ code: 'Validation' })
    expect(fake.opened).toEqual(['https://www.ansys.com/'])
  })

  it('opens a sign-in page in the system browser: https, or http only on 127.0.0.1 (the sandbox provider)', async () => {
    await desktop.openSignIn('https://login.example.com/authorize?client_id=jq')
    await desktop.openSignIn('http://127.0.0.1:5001/auth?x=1')
    for (const bad of ['http://login.example.com/authorize', 'file:///C:/x.html', 'javascript:alert(1)'])
      await expect(desktop.openSignIn(bad)).rejects.toMatchObject({ code: 'Validation' })
    expect(fake.opened).toEqual(['https://login.example.com/authorize?client_id=jq', 'http://127.0.0.1:5001/auth?x=1'])
  })

  it('returns the chosen files, or null when cancelled', async () => {
    expect(await desktop.openFiles({ multiple: true, filters: [{ name: 'Excel', extensions: ['xlsx'] }] })).toEqual([
      '/data/a.xlsx',
      '/data/b.xlsx'
    ])
    expect(fake.dialogOptions[0]).toMatchObject({ properties: ['openFile', 'multiSelections'] })
    fake.dialogResult = { canceled: true, filePaths: [] }
    expect(await desktop.chooseFolder()).toBeNull()
    expect(await desktop.saveFile()).toBeNull()
  })

  it('shows a notification whose click brings the window forward and runs the callback', () => {
    let clicked = 0
    desktop.notify({ title: 'Job finished', body: 'Import 12 succeeded', onClick: () => clicked++ })
    const n = fake.notifications[0] as EventEmitter & { options: unknown }
    expect(n.options).toEqual({ title: 'Job finished', body: 'Import 12 succeeded' })
    n.emit('click')
    expect([clicked, win.focused]).toEqual([1, 1])
  })

  it('reports a path the OS cannot open as FileNotFound', async () => {
    fake.openPathResult = 'Failed to open path'
    await expect(desktop.openPath('/nowhere')).rejects.toMatchObject({ code: 'FileNotFound' })
    fake.openPathResult = ''
    await expect(desktop.openPath('/somewhere')).resolves.toBeUndefined()
  })

  it('sets and clears taskbar progress', () => {
    desktop.setProgress(0.25)
    desktop.setProgress(null)
    expect(win.progress).toEqual([0.25, -1])
  })
})

describe('browserDesktop', () => {
  it('has no native dialogs and hands notices to the page', async () => {
    const notices: string[] = []
    const desktop = browserDesktop((m) => notices.push(m))
    expect(desktop.hasNativeDialogs).toBe(false)
    expect(await desktop.openFiles()).toBeNull()
    expect(await desktop.chooseFolder()).toBeNull()
    desktop.notify({ title: 'Done', body: 'Export finished' })
    await expect(desktop.openExternal('javascript:alert(1)')).rejects.toMatchObject({ code: 'Validation' })
    expect(notices).toEqual(['Done: Export finished'])
  })
})
