import type { Component } from 'vue'

/**
 * The app's top-level screens, in navigation order. The nav rail, the router and the
 * Ctrl+1…7 shortcuts are all built from this list: to add a screen, add an entry here.
 */
export interface NavEntry {
  /** Route name, also used as a test id (`nav-<name>`). */
  name: string
  path: string
  label: string
  /** A PrimeIcons class, e.g. `pi pi-list`. */
  icon: string
  /** One line shown as the page subtitle and as the nav tooltip. */
  description: string
  /** Pinned to the bottom of the rail (Windows puts Settings there). */
  footer?: boolean
  component: () => Promise<Component | { default: Component }>
}

export const navEntries: readonly NavEntry[] = [
  {
    name: 'queue',
    path: '/queue',
    label: 'Queue',
    icon: 'pi pi-list',
    description: 'Every job on the server, live',
    component: () => import('./views/QueueView.vue')
  },
  {
    name: 'new-job',
    path: '/new-job',
    label: 'New job',
    icon: 'pi pi-plus-circle',
    description: 'Submit an import or export job',
    component: () => import('./views/NewJobView.vue')
  },
  {
    name: 'drafts',
    path: '/drafts',
    label: 'Drafts',
    icon: 'pi pi-file-edit',
    description: 'Jobs prepared offline, ready to submit',
    component: () => import('./views/DraftsView.vue')
  },
  {
    name: 'downloads',
    path: '/downloads',
    label: 'Downloads',
    icon: 'pi pi-download',
    description: 'Job outputs saved to this computer',
    component: () => import('./views/DownloadsView.vue')
  },
  {
    name: 'insights',
    path: '/insights',
    label: 'Insights',
    icon: 'pi pi-chart-bar',
    description: 'What the queue did: jobs per day, waits, failures',
    component: () => import('./views/InsightsView.vue')
  },
  {
    name: 'connections',
    path: '/connections',
    label: 'Connections',
    icon: 'pi pi-server',
    description: 'Granta MI servers and sign-in',
    component: () => import('./views/ConnectionsView.vue')
  },
  {
    name: 'settings',
    path: '/settings',
    label: 'Settings',
    icon: 'pi pi-cog',
    description: 'Appearance and app information',
    footer: true,
    component: () => import('./views/SettingsView.vue')
  }
]

export const defaultRoute = '/queue'

export function navEntryByName(name: unknown): NavEntry | undefined {
  return navEntries.find((e) => e.name === name)
}
