import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { z } from 'zod'
import { dotNetRegExp } from './dotnet-regex'
import { JobFailure } from './types'

/** What the sandbox uses of a Granta MI text-import template (XML). */
export interface TextTemplate {
  name: string
  encoding: string
  /** Attribute names whose values, joined by a space, name a record. */
  recordNameItems: string[]
  files: { code: string; extension: string; specimenDelimiter: RegExp | undefined }[]
  readers: TextReader[]
  databaseKey: string | undefined
  table: string | undefined
}

export interface TextReader {
  attribute: string
  fileCode: string | undefined
  expression: RegExp
  multiple: boolean
  unit: string | undefined
}

const text = z.string()
const optionalText = z.string().optional()

const templateSchema = z.object({
  Template: z.object({
    General: z
      .object({
        TemplateName: optionalText,
        Encoding: optionalText,
        FullName: z
          .object({ Item: z.array(text).optional() })
          .or(z.literal(''))
          .optional()
      })
      .optional(),
    Files: z
      .object({
        TextFile: z
          .array(z.object({ '@_name': text, Extension: optionalText, SpecimenDelimiter: optionalText }))
          .optional()
      })
      .or(z.literal(''))
      .optional(),
    Data: z.object({
      TextReaders: z.object({
        RegularExpression: z
          .array(
            z.object({
              '@_name': text,
              FileCode: optionalText,
              Expression: text,
              Multiple: optionalText,
              Unit: optionalText
            })
          )
          .min(1)
      })
    }),
    Automation: z
      .object({
        AutoPlacement: z.object({ DBKey: optionalText, TableName: optionalText }).or(z.literal('')).optional()
      })
      .or(z.literal(''))
      .optional()
  })
})

const arrayTags = new Set(['Item', 'TextFile', 'RegularExpression'])

/** Parses and checks the template; throws JobFailure saying what does not match. */
export function parseTextTemplate(bytes: Buffer, fileName: string): TextTemplate {
  const xml = decodeXml(bytes)
  const valid = XMLValidator.validate(xml)
  if (valid !== true) {
    throw new JobFailure(`${fileName} is not valid XML (line ${valid.err.line}: ${valid.err.msg})`)
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (tagName) => arrayTags.has(tagName)
  })
  const parsed = templateSchema.safeParse(parser.parse(xml))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.filter((p) => typeof p === 'string' && !p.startsWith('@_')).join('/') ?? ''
    throw new JobFailure(
      `${fileName} does not match a text-import template: ${where ? `<${where}> ` : ''}${issue?.message ?? 'unexpected content'}`
    )
  }
  const t = parsed.data.Template
  const general = t.General
  const fullName = general?.FullName
  const files = typeof t.Files === 'object' ? (t.Files.TextFile ?? []) : []
  const placement = typeof t.Automation === 'object' ? t.Automation.AutoPlacement : undefined

  const readers = t.Data.TextReaders.RegularExpression.map((r): TextReader => {
    let expression: RegExp
    try {
      expression = dotNetRegExp(r.Expression, 'g')
    } catch (e) {
      throw new JobFailure(`${fileName}: text reader "${r['@_name']}": ${(e as Error).message}`)
    }
    if (!/\(\?<ITEM1>/.test(expression.source)) {
      throw new JobFailure(`${fileName}: text reader "${r['@_name']}" has no named group ITEM1`)
    }
    return {
      attribute: r['@_name'],
      fileCode: nonEmpty(r.FileCode),
      expression,
      multiple: r.Multiple?.toLowerCase() === 'true',
      unit: nonEmpty(r.Unit)
    }
  })

  return {
    name: nonEmpty(general?.TemplateName) ?? fileName,
    encoding: nonEmpty(general?.Encoding) ?? 'utf-8',
    recordNameItems: typeof fullName === 'object' ? (fullName.Item ?? []).filter((i) => i !== '') : [],
    files: files.map((f) => {
      const delimiter = nonEmpty(f.SpecimenDelimiter)
      let specimenDelimiter: RegExp | undefined
      try {
        specimenDelimiter = delimiter === undefined ? undefined : dotNetRegExp(delimiter, 'g')
      } catch (e) {
        throw new JobFailure(`${fileName}: specimen delimiter of "${f['@_name']}": ${(e as Error).message}`)
      }
      return { code: f['@_name'], extension: f.Extension?.trim() ?? '', specimenDelimiter }
    }),
    readers,
    databaseKey: typeof placement === 'object' ? nonEmpty(placement.DBKey) : undefined,
    table: typeof placement === 'object' ? nonEmpty(placement.TableName) : undefined
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

function decodeXml(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes)
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes)
  return new TextDecoder('utf-8').decode(bytes) // drops a UTF-8 BOM
}
