import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DownloadEngine } from '../../../main/downloads/engine'
import { classify, FileInUseError } from '../../../main/downloads/errors'
import { directFileOps, lockTolerant, type FileOps } from '../../../main/downloads/file-ops'
import { startSandbox } from '../../../main/sandbox/index'
import { connectWriter, listFiles, seedOutputJobs, sha256File } from './fixtures'
import { stringMatching } from '../../helpers/match'

/**
 * Windows refuses to rename onto a file another program holds open (Excel, a virus scanner looking at a
 * fresh file) with EBUSY, EPERM or EACCES. Linux cannot produce that lock, so the file system below
 * refuses renames on cue; everything else is real: files on disk, the sandbox over HTTP, the engine.
 */
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function tempDir(prefix: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix))
  cleanups.push(() => rm(d, { recursive: true, force: true }))
  return d
}

/** Real file calls whose rename onto a target ending in `lockedName` fails with `code` while `failures()` says so. */
function lockingFiles(lockedName: string, code: string, failures: () => boolean) {
  const renames: string[] = []
  const ops: FileOps = {
    ...directFileOps,
    async rename(from, to) {
      renames.push(to)
      if (to.endsWith(lockedName) && failures()) {
        throw Object.assign(new Error(`${code}: resource busy or locked, rename '${from}' -> '${to}'`), {
          code,
          syscall: 'rename'
        })
      }
      return directFileOps.rename(from, to)
    }
  }
  return { ops, renames }
}

const fast = { attempts: 4, baseDelayMs: 5 }

async function setUp(outputs: string[]) {
  const sbDir = await tempDir('jq-lock-sb-')
  const seeded = await seedOutputJobs(sbDir, [
    { name: 'Locked', outputs: outputs.map((name) => ({ name, size: 200_000 })) }
  ])
  const sandbox = await startSandbox({ port: 0, dataDir: sbDir })
  cleanups.push(() => sandbox.stop())
  const client = await connectWriter(sandbox.url)
  cleanups.push(() => client.close())
  return { seeded, client, dest: await tempDir('jq-lock-dest-'), dataDir: await tempDir('jq-lock-data-') }
}

describe('a file held open by another program', () => {
  it('is put in place once the lock goes away, after a few short waits', async () => {
    const { seeded, client, dest, dataDir } = await setUp(['report.xlsx', 'other.xlsx'])
    let left = 3
    const { ops, renames } = lockingFiles('report.xlsx', 'EBUSY', () => left-- > 0)
    const engine = new DownloadEngine({ dataDir, clients: () => client, files: lockTolerant(ops, fast) })
    cleanups.push(() => engine.close())
    await engine.start()
    await engine.add({
      connectionId: 'c',
      source: { kind: 'jobs', jobIds: [seeded[0]!.jobId] },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await engine.whenIdle()

    expect(engine.itemsOf().map((i) => [i.fileName, i.state, i.error?.message])).toEqual([
      ['report.xlsx', 'done', undefined],
      ['other.xlsx', 'done', undefined]
    ])
    // Three refusals, then the fourth attempt went through.
    expect(renames.filter((t) => t.endsWith('report.xlsx'))).toHaveLength(4)
    expect(renames.filter((t) => t.endsWith('other.xlsx'))).toHaveLength(1)
    expect(await listFiles(dest)).toEqual(['other.xlsx', 'report.xlsx'])
    for (const s of seeded) expect(await sha256File(join(dest, s.name))).toBe(s.sha256)
  }, 30_000)

  it('fails an overwrite with words the user can act on, keeps both files intact, and Retry finishes it once closed', async () => {
    const { seeded, client, dest, dataDir } = await setUp(['results.xlsx'])
    await writeFile(join(dest, 'results.xlsx'), 'the copy open in Excel')
    let open = true
    const { ops, renames } = lockingFiles('results.xlsx', 'EPERM', () => open)
    const engine = new DownloadEngine({ dataDir, clients: () => client, files: lockTolerant(ops, fast) })
    cleanups.push(() => engine.close())
    await engine.start()
    await engine.add({
      connectionId: 'c',
      source: { kind: 'jobs', jobIds: [seeded[0]!.jobId] },
      destination: dest,
      template: '{fileName}',
      collision: 'overwrite'
    })
    await engine.whenIdle()

    const [item] = engine.itemsOf()
    expect(item?.state).toBe('failed')
    expect(item?.error?.code).toBe('Conflict')
    expect(item?.error?.message).toMatch(
      /^results\.xlsx could not be saved because the file is open in another program/
    )
    expect(item?.error?.message).toMatch(/Close it there, then choose Retry\.$/)
    expect(renames).toHaveLength(fast.attempts)
    // The file in use is untouched; the verified download waits beside it, so Retry needs no new transfer.
    expect(await readFile(join(dest, 'results.xlsx'), 'utf8')).toBe('the copy open in Excel')
    expect(await sha256File(join(dest, 'results.xlsx.part'))).toBe(seeded[0]!.sha256)

    open = false
    expect(await engine.retry({ kind: 'item', itemId: item!.id })).toBe(1)
    await engine.whenIdle()
    const [again] = engine.itemsOf()
    expect(again?.state).toBe('done')
    expect(again?.outcome).toBe('overwritten')
    expect(again?.restarts).toBe(0)
    expect(await listFiles(dest)).toEqual(['results.xlsx'])
    expect(await sha256File(join(dest, 'results.xlsx'))).toBe(seeded[0]!.sha256)
  }, 30_000)
})

describe('lockTolerant', () => {
  it('retries only EBUSY, EPERM and EACCES, with doubling waits, and passes other errors on at once', async () => {
    const waits: number[] = []
    const calls: string[] = []
    const failWith = (code: string, times: number): FileOps => {
      let n = 0
      return {
        ...directFileOps,
        rename(_from, to) {
          calls.push(to)
          if (n++ < times) return Promise.reject(Object.assign(new Error(code), { code }))
          return Promise.resolve()
        }
      }
    }
    const wait = (ms: number) => Promise.resolve(void waits.push(ms))

    await lockTolerant(failWith('EACCES', 2), { attempts: 5, baseDelayMs: 50 }, wait).rename('a.part', 'a')
    expect(calls).toEqual(['a', 'a', 'a'])
    expect(waits).toEqual([50, 100])

    calls.length = 0
    waits.length = 0
    const locked = lockTolerant(failWith('EBUSY', 99), { attempts: 3, baseDelayMs: 10 }, wait).rename('b.part', 'b')
    const error = await locked.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FileInUseError)
    expect(error).toMatchObject({ path: 'b', systemCode: 'EBUSY', attempts: 3 })
    expect(calls).toHaveLength(3)
    expect(waits).toEqual([10, 20])

    calls.length = 0
    waits.length = 0
    await expect(
      lockTolerant(failWith('EXDEV', 99), { attempts: 3, baseDelayMs: 10 }, wait).rename('c.part', 'c')
    ).rejects.toMatchObject({ code: 'EXDEV' })
    expect(calls).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('leaves a refused write (EACCES while writing the part) as a permission problem, not a locked file', () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
    expect(classify(denied, 'a.xlsx')).toMatchObject({
      code: 'Disk',
      message: stringMatching(/^Permission denied/)
    })
    expect(classify(new FileInUseError('C:\\out\\a.xlsx', 'EACCES', 6), 'a.xlsx')).toMatchObject({
      code: 'Conflict',
      transient: false
    })
  })
})
