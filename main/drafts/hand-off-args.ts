import { pathApi, type Platform } from '../files/path-shape'

export const DRAFT_FILE_EXTENSION = '.jqdraft'

export interface HandedOffArgs {
  /** Full paths of the `.jqdraft` files to open, in the order given. */
  files: string[]
  /** What `--import` named that is not a draft file, for the notice. */
  refused: string[]
}

/**
 * The draft files a start of the app names: `--import FILE`, `--import=FILE`, or a bare `.jqdraft` path (how
 * Windows starts the app for the file association). Relative paths are resolved against the starting folder;
 * everything else on the command line (the executable, Chromium's switches, the app folder) is not ours.
 */
export function handedOffArgs(
  argv: readonly string[],
  cwd: string,
  platform: Platform = process.platform
): HandedOffArgs {
  const path = pathApi(platform)
  const isDraft = (p: string) => path.extname(p).toLowerCase() === DRAFT_FILE_EXTENSION
  const files: string[] = []
  const refused: string[] = []
  const take = (p: string, named: boolean) => {
    if (p.trim() === '' || p.includes('\0')) return
    if (isDraft(p)) files.push(path.resolve(cwd, p))
    else if (named) refused.push(p)
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--import') take(argv[++i] ?? '', true)
    else if (arg.startsWith('--import=')) take(arg.slice('--import='.length), true)
    else if (!arg.startsWith('-')) take(arg, false)
  }
  return { files: [...new Set(files)], refused }
}
