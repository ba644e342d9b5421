import { join } from 'node:path'
import { z } from 'zod'
import type { LogLevelInfo } from '../../common/channels/app'
import { AppError } from '../../common/errors'
import { logLevelSchema, type LogLevel, type PolicyInfo } from '../../common/policy'
import type { Logger } from '../log'
import { JsonFile } from '../store/json-file'

const settingSchema = z.object({ level: logLevelSchema })

export interface LogLevelSettingOptions {
  dataDir: string
  /** The app's root logger: its level is the level of every service's child logger. */
  logger: Logger
  policy: () => Promise<PolicyInfo>
  /** The level when neither the user nor IT chose one. */
  fallback: LogLevel
}

/** Settings → Log level: saved in `<dataDir>/log-settings.json`, applied to the running logger, IT policy first. */
export class LogLevelSetting {
  private readonly file: JsonFile<z.infer<typeof settingSchema>>
  private chosen: LogLevel
  private loaded: Promise<void> | null = null

  constructor(private readonly options: LogLevelSettingOptions) {
    this.chosen = options.fallback
    this.file = new JsonFile({ path: join(options.dataDir, 'log-settings.json'), schema: settingSchema, version: 1 })
  }

  /** Reads the saved choice once and applies the level in force. */
  async info(): Promise<LogLevelInfo> {
    this.loaded ??= this.load()
    await this.loaded
    return this.apply()
  }

  async set(level: LogLevel): Promise<LogLevelInfo> {
    const current = await this.info()
    if (current.policy) {
      throw new AppError(
        'Forbidden',
        `Your organisation sets the log level (${current.policy}), so it cannot be changed here. Ask your IT department to change it.`
      )
    }
    await this.file.write({ level })
    this.chosen = level
    const info = await this.apply()
    this.options.logger.child('diagnostics').info(`log level set to ${level}`)
    return info
  }

  private async load(): Promise<void> {
    const r = await this.file.read().catch((e: unknown) => {
      this.options.logger.warn('the log level setting could not be read', e)
      return null
    })
    if (r?.status === 'ok') this.chosen = r.value.level
    else if (r?.status === 'corrupt') this.options.logger.warn(`the log level setting was unreadable: ${r.reason}`)
    else if (r?.status === 'newer') this.options.logger.warn(r.reason)
  }

  private async apply(): Promise<LogLevelInfo> {
    const policy = (await this.options.policy()).policy.logLevel ?? null
    const level = policy ?? this.chosen
    if (this.options.logger.level !== level) this.options.logger.setLevel(level)
    return { level, chosen: this.chosen, policy }
  }
}
