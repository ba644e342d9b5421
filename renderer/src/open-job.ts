import type { Router } from 'vue-router'

/**
 * Opens a job's view over the queue (a notification about it was clicked). The queue's filters stay when the
 * queue is showing; from any other page it opens over the whole queue.
 */
export function openJobView(router: Router, jobId: string): Promise<unknown> {
  const current = router.currentRoute.value
  return router.push({ path: '/queue', query: { ...(current.path === '/queue' ? current.query : {}), job: jobId } })
}
