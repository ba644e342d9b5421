import type { RouteLocationRaw, Router } from 'vue-router'
import type { OpenTarget } from '../../common/open-target'

/** The route of each page main can ask the window to open (a jump list task, the tray). */
export function routeFor(target: OpenTarget): RouteLocationRaw {
  switch (target) {
    case 'new/excel':
      return { path: '/new-job', query: { type: 'ExcelImportJob' } }
    case 'new/text':
      return { path: '/new-job', query: { type: 'TextImportJob' } }
    case 'new/export':
      return { path: '/new-job', query: { type: 'ExcelExportJob' } }
    case 'new':
      return { path: '/new-job' }
    case 'drafts':
      return { path: '/drafts' }
    case 'downloads':
      return { path: '/downloads' }
    case 'queue':
      return { path: '/queue' }
  }
}

export function openTarget(router: Router, target: OpenTarget): Promise<unknown> {
  return router.push(routeFor(target))
}
