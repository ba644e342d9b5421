import { describe, expect, it, vi } from 'vitest'
import { jumpListTasks } from '../../../main/shell/jump-list'
import { trayMenu, type TrayAction } from '../../../main/shell/tray-model'

/** Electron's Tray, Menu, nativeTheme and app.setUserTasks are mocked; desktop.ts is where they are used. */
const fake = vi.hoisted(() => ({
  trays: [] as { tooltip: string; menu: unknown; clicks: (() => void)[]; destroyed: boolean }[],
  tasks: [] as unknown[],
  nativeTheme: { themeSource: 'system' }
}))
vi.mock('electron', () => {
  class Tray {
    tooltip = ''
    menu: unknown = null
    clicks: (() => void)[] = []
    destroyed = false
    constructor(readonly icon: unknown) {
      fake.trays.push(this)
    }
    on(_e: string, fn: () => void) {
      this.clicks.push(fn)
    }
    setToolTip(t: string) {
      this.tooltip = t
    }
    setContextMenu(m: unknown) {
      this.menu = m
    }
    isDestroyed() {
      return this.destroyed
    }
    destroy() {
      this.destroyed = true
    }
  }
  return {
    Tray,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
    nativeTheme: fake.nativeTheme,
    app: { setUserTasks: (tasks: unknown[]) => (fake.tasks.push(...tasks), true) },
    dialog: {},
    shell: {},
    Notification: class {}
  }
})
const { ElectronDesktop, ElectronTray, setJumpList } = await import('../../../main/desktop')

type Item = { label?: string; enabled?: boolean; type?: string; click?: () => void }

describe('the Electron shell parts of desktop.ts', () => {
  it('builds the tray menu from the model: labels disabled, actions clickable, a click on the icon shows', () => {
    let shown = 0
    const tray = new ElectronTray('icon.png', () => shown++)
    const acted: TrayAction[] = []
    tray.setToolTip('JobQueue Desktop — Plant')
    const model = trayMenu({
      connectionName: 'Plant',
      username: 'ana',
      counts: { Pending: 1, Running: 2, Succeeded: 0, Failed: 0, Cancelled: 0, total: 3 },
      jobs: []
    })
    tray.setMenu(model, (a) => acted.push(a))
    const t = fake.trays[0]
    const items = (t?.menu as { template: Item[] }).template
    expect(t?.tooltip).toBe('JobQueue Desktop — Plant')
    expect(items[1]).toEqual({ label: '2 running', enabled: false })
    expect(items[4]).toEqual({ type: 'separator' })
    items.find((i) => i.label === 'Downloads')?.click?.()
    expect(acted).toEqual([{ kind: 'open', target: 'downloads' }])
    t?.clicks.forEach((c) => c())
    expect(shown).toBe(1)
    tray.destroy()
    tray.setToolTip('after')
    expect(t?.tooltip).toBe('JobQueue Desktop — Plant')
  })

  it('hands the jump list tasks to app.setUserTasks', () => {
    expect(setJumpList(jumpListTasks('C:\\JQ\\JobQueue Desktop.exe'))).toBe(true)
    expect(fake.tasks).toHaveLength(5)
    expect(fake.tasks[0]).toMatchObject({ program: 'C:\\JQ\\JobQueue Desktop.exe', arguments: '--open=/new/excel' })
  })

  it('sets nativeTheme.themeSource to the in-app theme', () => {
    const desktop = new ElectronDesktop(() => null)
    desktop.setTheme('dark')
    expect(fake.nativeTheme.themeSource).toBe('dark')
    desktop.setTheme('system')
    expect(fake.nativeTheme.themeSource).toBe('system')
  })
})
