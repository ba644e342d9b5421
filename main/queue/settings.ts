import { join } from 'node:path'
import { notificationSettingsSchema, type NotificationSettings } from '../../common/queue'
import { JsonFile } from '../store/json-file'

const defaults: NotificationSettings = { jobs: 'mine', native: true }

/** Schema 1 held `{ myJobs: boolean }`: on becomes "mine", off "none", so a user keeps their choice. */
export function migrateNotificationSettings(data: unknown, fromVersion: number): unknown {
  if (fromVersion !== 1) throw new Error(`schema ${fromVersion} cannot be upgraded`)
  const myJobs = (data as { myJobs?: unknown } | null)?.myJobs
  if (typeof myJobs !== 'boolean') throw new Error('myJobs: expected true or false')
  return { jobs: myJobs ? 'mine' : 'none', native: true }
}

/** Which finished jobs notify, and whether as system notifications too; kept in the data folder. */
export class QueueSettings {
  private readonly file: JsonFile<NotificationSettings>
  private value: NotificationSettings | null = null

  constructor(dataDir: string) {
    this.file = new JsonFile({
      path: join(dataDir, 'queue-settings.json'),
      schema: notificationSettingsSchema,
      version: 2,
      migrate: migrateNotificationSettings
    })
  }

  async get(): Promise<NotificationSettings> {
    if (!this.value) {
      const r = await this.file.read()
      this.value = r.status === 'ok' ? r.value : defaults
    }
    return this.value
  }

  async set(value: NotificationSettings): Promise<NotificationSettings> {
    await this.file.write(value)
    this.value = value
    return value
  }
}
