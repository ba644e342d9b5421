import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UpdateError, askIt } from './errors'

/** What latest.yml promises about the installer: its exact size and its SHA-512 in base64. */
export interface ExpectedArtefact {
  name: string
  size: number
  sha512: string
  /** The update server's host, for the messages. */
  host: string
}

export type Progress = { transferred: number; total: number }

/** The message for a file that is not the one the feed describes: refused, never kept. */
export function tampered(expected: ExpectedArtefact, why: string): UpdateError {
  return new UpdateError(
    'refused',
    `The update ${expected.name} from ${expected.host} ${why}, so JobQueue Desktop deleted it and installs nothing. ${askIt}`
  )
}

/**
 * Passes the bytes on while counting and hashing them: fails as soon as there is one byte more than promised, and
 * at the end when there are fewer or the SHA-512 differs.
 */
export class ArtefactCheck extends Transform {
  private readonly hash = createHash('sha512')
  private received = 0

  constructor(
    private readonly expected: ExpectedArtefact,
    private readonly onProgress: (p: Progress) => void = () => {}
  ) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length
    if (this.received > this.expected.size) {
      done(tampered(this.expected, `is larger than the ${this.expected.size} bytes its update list gives`))
      return
    }
    this.hash.update(chunk)
    this.onProgress({ transferred: this.received, total: this.expected.size })
    done(null, chunk)
  }

  override _flush(done: TransformCallback): void {
    if (this.received !== this.expected.size) {
      done(tampered(this.expected, `ended after ${this.received} of ${this.expected.size} bytes`))
      return
    }
    const actual = this.hash.digest('base64')
    done(actual === this.expected.sha512 ? null : tampered(this.expected, 'does not match its published checksum'))
  }
}

/**
 * Streams `source` to `dest` through an ArtefactCheck: into `dest.part`, flushed to disk, renamed only once every
 * byte is checked. On any failure the part file is removed and the error passed on.
 */
export async function saveVerified(
  source: Readable,
  dest: string,
  expected: ExpectedArtefact,
  onProgress?: (p: Progress) => void
): Promise<void> {
  const part = `${dest}.part`
  const out = createWriteStream(part)
  try {
    await pipeline(source, new ArtefactCheck(expected, onProgress), out)
    const handle = await open(part, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(part, dest)
  } catch (e) {
    // A refused first chunk can fail the pipeline before the file is even open: remove it once it is closed.
    if (!out.closed) await once(out, 'close').catch(() => {})
    await rm(part, { force: true }).catch(() => {})
    throw e
  }
}
