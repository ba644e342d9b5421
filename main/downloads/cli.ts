/** `npm run download -- --connection NAME --status Succeeded --name-filter X --to DIR`: see cli-run.ts. */
import { createFileLogger } from '../log'
import { runCli } from './cli-run'

const controller = new AbortController()
process.once('SIGINT', () => controller.abort())
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  isTty: process.stdout.isTTY === true,
  signal: controller.signal,
  openLog: (dataDir) => createFileLogger(dataDir)
})
