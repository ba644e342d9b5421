import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, type Router } from 'vue-router'
import type { Pinia } from 'pinia'
import App from '../../renderer/src/App.vue'
import { installRenderer } from '../../renderer/src/setup'
import { navEntries } from '../../renderer/src/navigation'
import { settle } from './settle'

export interface MountedApp {
  wrapper: VueWrapper
  router: Router
  pinia: Pinia
}

/** Mounts the whole frame as main.ts does, with in-memory history, starting at `path`. */
/**
 * Views are lazy chunks. Load them once up front (call from beforeAll: the first transform is slow)
 * so that a click's navigation settles within flushPromises().
 */
export async function preloadViews(): Promise<void> {
  await Promise.all(navEntries.map((e) => e.component()))
}

export async function mountApp(path = '/queue'): Promise<MountedApp> {
  let router: Router | undefined
  let pinia: Pinia | undefined
  const wrapper = mount(App, {
    attachTo: document.body,
    global: {
      plugins: [
        {
          install(app) {
            ;({ router, pinia } = installRenderer(app, { history: createMemoryHistory() }))
          }
        }
      ]
    }
  })
  if (!router || !pinia) throw new Error('installRenderer did not run')
  await router.push(path)
  await settle()
  return { wrapper, router, pinia }
}

/** happy-dom's control surface (not in the DOM typings). */
export interface HappyDom {
  settings: { device: { prefersColorScheme: string } }
  setURL(url: string): void
}
export function happyDom(): HappyDom {
  return (window as unknown as { happyDOM: HappyDom }).happyDOM
}
