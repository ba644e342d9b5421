/**
 * The application menu (Alt shows it; the bar is hidden). Packaged builds have no Reload and no Developer Tools:
 * their shortcuts come from these roles, so without the roles Ctrl+R and Ctrl+Shift+I do nothing either.
 */
export interface MenuItem {
  label?: string
  role?: string
  type?: 'separator'
  submenu?: MenuItem[]
}

const developerRoles = ['reload', 'forceReload', 'toggleDevTools']

export function menuTemplate(options: { packaged: boolean }): MenuItem[] {
  const view: MenuItem[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' }
  ]
  if (!options.packaged) view.unshift(...developerRoles.map((role) => ({ role })), { type: 'separator' })
  return [
    { label: '&File', submenu: [{ role: 'quit', label: 'E&xit' }] },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' }
      ]
    },
    { label: '&View', submenu: view },
    { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] }
  ]
}

/** Every role in a template, submenus included (for the tests and the packaged-build check). */
export function rolesOf(items: MenuItem[]): string[] {
  return items.flatMap((i) => [...(i.role ? [i.role] : []), ...rolesOf(i.submenu ?? [])])
}

export const isDeveloperRole = (role: string): boolean => developerRoles.includes(role)
