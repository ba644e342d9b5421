import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import openapi from '../../../../assets/sandbox/jobqueue-openapi.json' with { type: 'json' }

type Schema = Record<string, unknown>

/**
 * OpenAPI 3.0 schema → JSON Schema: `nullable: true` becomes a `null` alternative, refs point at
 * `components.json#/…`, and a bare `type: object` (Swashbuckle's rendering of a C# `object`, used
 * for jobSpecificOutputs values, which are JSON strings on the wire) accepts any value.
 */
function translate(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translate)
  if (!node || typeof node !== 'object') return node
  const s = { ...(node as Schema) }
  if (typeof s.$ref === 'string') s.$ref = s.$ref.replace('#/components/schemas/', 'components.json#/definitions/')
  for (const key of Object.keys(s)) if (key !== 'enum') s[key] = translate(s[key])
  if (s.type === 'object' && !s.properties && !s.additionalProperties) {
    const { nullable: _n, type: _t, ...rest } = s
    return rest
  }
  if (s.nullable === true) {
    delete s.nullable
    if (s.$ref) return { anyOf: [{ $ref: s.$ref }, { type: 'null' }] }
    if (typeof s.type === 'string') s.type = [s.type, 'null']
    if (Array.isArray(s.enum)) {
      const values: unknown[] = s.enum
      s.enum = [...values, null]
    }
  }
  delete s.nullable
  return s
}

const ajv = new Ajv({ strict: true, allErrors: true })
addFormats(ajv)
ajv.addFormat('int32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31
})
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) })
ajv.addFormat('binary', true)
ajv.addKeyword('example')
ajv.addSchema({ $id: 'components.json', definitions: translate(openapi.components.schemas) as Schema })

const paths = openapi.paths as Record<
  string,
  Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
>
const routes = Object.keys(paths).map((template) => ({
  template,
  pattern: new RegExp(
    `/proxy/v1\\.svc/mi${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/:]+')}$`
  )
}))
const cache = new Map<string, ValidateFunction>()

/** The validator for a documented JSON response, or undefined when the spec documents no body for it. */
export function responseValidator(method: string, pathname: string, status: number): ValidateFunction | undefined {
  const path = decodeURIComponent(pathname)
  const route = routes.find((r) => r.pattern.test(path))
  if (!route) return undefined
  const response = paths[route.template]?.[method.toLowerCase()]?.responses[String(status)]
  const schema = response?.content?.['application/json']?.schema
  if (!schema) return undefined
  const key = `${method} ${route.template} ${status}`
  let validate = cache.get(key)
  if (!validate) {
    validate = ajv.compile(translate(schema) as Schema)
    cache.set(key, validate)
  }
  return validate
}

/** Validates a JSON body against a named component schema; throws with ajv's errors. */
export function assertSchema(name: string, body: unknown): void {
  const validate = ajv.getSchema(`components.json#/definitions/${name}`)
  if (!validate) throw new Error(`no schema ${name}`)
  if (!validate(body))
    throw new Error(`${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`)
}

export { ajv }
