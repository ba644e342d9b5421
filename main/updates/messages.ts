import type { UpdateState } from '../../common/channels/app'

/** What the Updates card says in each state; errors carry their own message (errors.ts). */
export const updateMessages = {
  noServer: 'Updates are not set up on this computer. Your IT department can turn them on with the UpdateUrl policy.',
  badServer:
    'The update server IT set (UpdateUrl) is not an https:// address, so updates are off. Tell your IT department.',
  notInstalled: 'This copy of JobQueue Desktop does not update itself (it is not an installed copy).',
  notChecked: (host: string) => `Updates come from ${host}.`,
  upToDate: (version: string) => `JobQueue Desktop ${version} is up to date.`,
  checking: 'Looking for updates…',
  available: (version: string) => `Version ${version} is available.`,
  downloading: (version: string) => `Downloading version ${version}…`,
  readyToInstall: (version: string) =>
    `Version ${version} is ready. Restart to update now, or it installs when you quit JobQueue Desktop.`,
  readyNoInstall: (version: string) =>
    `Version ${version} was downloaded and verified. The browser host cannot install updates: install it from the desktop app.`,
  unexpected: (detail: string) =>
    `Checking for updates failed: ${detail}. Try again later; if it keeps happening, tell your IT department.`
} as const

/** States in which a check may start (the others are busy, off, or already have an update). */
export const checkableStates: readonly UpdateState[] = ['idle', 'error']
