import { AppError } from '../../common/errors'

/** A failed read or write of a user's file as a message they can act on. */
export function diskError(e: unknown, path: string, action: 'read' | 'write'): AppError {
  if (e instanceof AppError) return e
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT' && action === 'read')
    return new AppError('FileNotFound', `"${path}" does not exist. Choose another file.`)
  return new AppError(
    'Disk',
    `Could not ${action} "${path}" (${code ?? 'error'}). Check the folder exists and you may ${action} there.`
  )
}
