import { z } from 'zod'

/**
 * Import this first in every bundle that runs in a page (renderer, browser shim, preload).
 * zod compiles object parsers with `new Function` when it can, and probes for that by calling it once:
 * under the app's CSP (no eval) the probe is caught but still reported as a CSP violation.
 * Main runs under plain Node and keeps the faster compiled parsers.
 */
z.config({ jitless: true })
