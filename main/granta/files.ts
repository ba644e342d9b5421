import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError } from '../../common/errors'
import type { Api } from './jobs'
import { multipartFile } from './multipart-body'

export interface UploadOptions {
  /** Bytes of the file sent so far, and the file size. */
  onProgress?: (bytes: number, total: number) => void
  signal?: AbortSignal
}

async function fileStat(path: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const s = await stat(path)
    if (!s.isFile()) throw new AppError('FileNotFound', `"${path}" is a folder, not a file. Choose a file.`, { path })
    return { size: s.size, mtimeMs: s.mtimeMs }
  } catch (e) {
    if (e instanceof AppError) throw e
    const code = (e as NodeJS.ErrnoException).code
    throw new AppError(
      code === 'ENOENT' ? 'FileNotFound' : 'Disk',
      code === 'ENOENT'
        ? `The file "${path}" does not exist any more. Choose it again.`
        : `The file "${path}" could not be read (${code ?? 'error'}). Check that it is not open elsewhere and that you may read it.`,
      { path, code }
    )
  }
}

/**
 * Uploads one file as multipart/form-data (one part named `file`, filename = base name), streamed from disk:
 * the file is never held in memory. Returns the id the server gives it (plain text body). Never retried.
 */
export async function uploadFile(api: Api, path: string, o: UploadOptions = {}): Promise<string> {
  const file = await fileStat(path)
  const { size } = file
  const name = basename(path)
  const form = multipartFile(path, name, file)
  const report = o.onProgress
  report?.(0, size)
  const response = await api.http.send({
    method: 'POST',
    url: `${api.urls.jobQueue}/files`,
    body: form,
    ctx: { action: `uploading "${name}"` },
    ...(o.signal ? { signal: o.signal } : {}),
    ...(report
      ? {
          // got counts multipart bytes; scale them to the file's bytes so the total is the file size.
          onUploadProgress: (sent: number, total: number | undefined) =>
            report(total ? Math.min(size, Math.round((sent * size) / total)) : Math.min(size, sent), size)
        }
      : {})
  })
  const text = response.body.toString('utf8').trim()
  let id = text
  if (text.startsWith('"')) {
    try {
      id = String(JSON.parse(text))
    } catch {
      id = text
    }
  }
  if (id === '' || /[\s<>]/.test(id)) {
    throw new AppError('ServerResponseInvalid', `The server did not return a file id after uploading "${name}".`, {
      field: '(body)',
      snippet: text.slice(0, 200)
    })
  }
  return id
}
