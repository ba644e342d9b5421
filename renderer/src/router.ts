import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router'
import { defaultRoute, navEntries } from './navigation'

/**
 * Hash history: the app loads from a file (Electron) or from the browser host with `?token=…`
 * in the query string; the hash keeps both the path and the query untouched.
 */
export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  const routes: RouteRecordRaw[] = [
    { path: '/', redirect: defaultRoute },
    ...navEntries.map((e) => ({ path: e.path, name: e.name, component: e.component, meta: { title: e.label } })),
    { path: '/:pathMatch(.*)*', redirect: defaultRoute }
  ]
  const router = createRouter({ history, routes })
  router.afterEach((to) => {
    const title = typeof to.meta.title === 'string' ? to.meta.title : undefined
    document.title = title ? `${title} – JobQueue Desktop` : 'JobQueue Desktop'
  })
  return router
}
