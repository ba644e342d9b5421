import { z } from 'zod'
import { authKindSchema } from './connections'

/** How much the app logs, least first. */
export const logLevels = ['error', 'warn', 'info', 'debug'] as const
export const logLevelSchema = z.enum(logLevels)
export type LogLevel = z.infer<typeof logLevelSchema>

/** What IT may set for every user (HKLM\Software\Policies\JobQueue Desktop, or policy.json beside the exe). */
export const policyConnectionSchema = z
  .object({
    name: z.string().min(1).max(200),
    url: z.url({ protocol: /^https?$/ }),
    /** How it signs in until the user picks another way (Windows, current user, by default). */
    auth: authKindSchema.optional()
  })
  .strict()
export type PolicyConnection = z.infer<typeof policyConnectionSchema>

export const policySchema = z.object({
  /** Connections offered to every user; never any secret. */
  defaultConnections: z.array(policyConnectionSchema).max(50).optional(),
  /** The site's update feed (a folder holding latest.yml); updates stay off without one. */
  updateUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Passwords are asked for at each sign-in and never stored in the keychain. */
  neverSavePasswords: z.boolean().optional(),
  logLevel: logLevelSchema.optional()
})
export type Policy = z.infer<typeof policySchema>
export type PolicyKey = keyof Policy

export const policyInfoSchema = z.object({
  /** Where the policy came from, for Settings and diagnostics. */
  source: z.enum(['registry', 'file', 'none']),
  policy: policySchema,
  /** One line per value IT set that could not be used. */
  problems: z.array(z.string())
})
export type PolicyInfo = z.infer<typeof policyInfoSchema>
