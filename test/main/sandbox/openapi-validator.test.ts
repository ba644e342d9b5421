import { describe, expect, it } from 'vitest'
import { assertSchema, responseValidator } from './helpers/openapi-validator'

const job = {
  id: '7d4e1a52-0000-4000-8000-000000000000',
  name: 'n',
  description: null,
  type: 'TextImportJob',
  submitterName: 'writer',
  submitterRoles: ['MI_USER'],
  submissionDate: '2030-01-01T00:00:00.000Z',
  scheduledExecutionDate: null,
  executionDate: null,
  completionDate: null,
  status: 'Pending',
  inputFileIds: [],
  outputFileNames: [],
  position: 1,
  jobSpecificOutputs: { summary: '{"ExportedRecords":1}' }
}

describe('OpenAPI response validation helper', () => {
  it('accepts a valid GsaJob with JSON-string jobSpecificOutputs and nullable fields', () => {
    expect(() => assertSchema('GsaJob', job)).not.toThrow()
  })

  it('rejects wrong types, unknown fields, bad enums and dates without a zone', () => {
    expect(() => assertSchema('GsaJob', { ...job, position: '1' })).toThrow()
    expect(() => assertSchema('GsaJob', { ...job, extra: 1 })).toThrow()
    expect(() => assertSchema('GsaJob', { ...job, status: 'Deleted' })).toThrow()
    expect(() => assertSchema('GsaJob', { ...job, id: 'not-a-uuid' })).toThrow()
    expect(() => assertSchema('GsaJob', { ...job, submissionDate: 'yesterday' })).toThrow()
    expect(() => assertSchema('GsaProcessingConfig', { concurrency: 1.5 })).toThrow()
  })

  it('finds the response schema of a path with a custom method', () => {
    const validate = responseValidator(
      'POST',
      '/mi_servicelayer/proxy/v1.svc/mi/v1alpha/job-queue/jobs/7d4e1a52-0000-4000-8000-000000000000:resubmit',
      200
    )
    expect(validate?.(job)).toBe(true)
    expect(validate?.({ ...job, position: 'x' })).toBe(false)
    expect(
      responseValidator(
        'GET',
        '/mi_servicelayer/proxy/v1.svc/mi/v1alpha/job-queue/jobs',
        200
      )?.({ totalResultCount: 1, results: [job] })
    ).toBe(true)
  })
})
