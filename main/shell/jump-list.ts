import type { OpenTarget } from '../../common/open-target'
import { openArg } from './launch-args'

/** One Windows jump list task, in the shape Electron's `app.setUserTasks` takes (no electron import here). */
export interface JumpTask {
  program: string
  arguments: string
  title: string
  description: string
  iconPath: string
  iconIndex: number
}

const tasks: { target: OpenTarget; title: string; description: string }[] = [
  { target: 'new/excel', title: 'New Excel import', description: 'Start an Excel import job' },
  { target: 'new/text', title: 'New text import', description: 'Start a text import job' },
  { target: 'new/export', title: 'New export', description: 'Start an Excel export job' },
  { target: 'drafts', title: 'Drafts', description: 'Open the jobs prepared offline' },
  { target: 'downloads', title: 'Downloads', description: 'Open the job outputs saved to this computer' }
]

/** The jump list: each task starts this executable with `--open=/<target>` (the running app is told instead). */
export function jumpListTasks(exePath: string): JumpTask[] {
  return tasks.map((t) => ({
    program: exePath,
    arguments: openArg(t.target),
    title: t.title,
    description: t.description,
    iconPath: exePath,
    iconIndex: 0
  }))
}
