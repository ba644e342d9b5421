import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import yauzl from 'yauzl'
import {
  processJob,
  RecordStore,
  type JobFile,
  type JobLog,
  type ProcessInput,
  type ProcessResult
} from '../../../../main/sandbox/processing'

export const assetsDir = fileURLToPath(new URL('../../../../assets/sandbox', import.meta.url))

export function asset(name: string, fileType: JobFile['fileType'], virtualPath = name): JobFile {
  return { fileType, virtualPath, diskPath: join(assetsDir, name) }
}

/** A JobLog that keeps its lines, like the server's .log file. */
export class MemoryLog implements JobLog {
  readonly lines: { level: 'INFO' | 'WARN' | 'ERROR'; msg: string }[] = []
  info(msg: string): void {
    this.lines.push({ level: 'INFO', msg })
  }
  warn(msg: string): void {
    this.lines.push({ level: 'WARN', msg })
  }
  error(msg: string): void {
    this.lines.push({ level: 'ERROR', msg })
  }
  errors(): string[] {
    return this.lines.filter((l) => l.level === 'ERROR').map((l) => l.msg)
  }
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.msg}`).join('\n')
  }
}

/** A temp folder with a record store and an output folder; `dispose` removes it. */
export interface Workspace {
  dir: string
  outputDir: string
  storePath: string
  records: RecordStore
  run(
    input: Partial<ProcessInput> & Pick<ProcessInput, 'type' | 'files'>
  ): Promise<{ result: ProcessResult; log: MemoryLog }>
  dispose(): Promise<void>
}

export async function makeWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'jq-processing-'))
  const storePath = join(dir, 'records.json')
  const records = await RecordStore.open(storePath)
  let jobs = 0
  const ws: Workspace = {
    dir,
    outputDir: join(dir, 'out'),
    storePath,
    records,
    async run(input) {
      jobs += 1
      const outputDir = input.outputDir ?? join(dir, `out-${jobs}`)
      await mkdir(outputDir, { recursive: true })
      ws.outputDir = outputDir
      const log = new MemoryLog()
      const result = await processJob({ jobName: `job ${jobs}`, outputDir, records: ws.records, log, ...input })
      return { result, log }
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return ws
}

export async function loadWorkbook(pathOrBuffer: string | Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  if (typeof pathOrBuffer === 'string') await wb.xlsx.readFile(pathOrBuffer)
  else await wb.xlsx.load(pathOrBuffer as unknown as ArrayBuffer)
  return wb
}

/** Every entry of a zip file, by name. */
export function readZip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'))
      const entries = new Map<string, Buffer>()
      zip.on('error', reject)
      zip.on('end', () => resolvePromise(entries))
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', reject)
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}
