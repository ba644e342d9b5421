import { requestFiles, type JobFile, type JobRequest } from '../../common/job-request'

/** The distinct, non-empty local paths a request refers to, in upload order. */
export function requestPaths(req: JobRequest): string[] {
  const seen = new Set<string>()
  for (const f of requestFiles(req)) if (f.path.trim() !== '') seen.add(f.path)
  return [...seen]
}

/** A copy of the request with every local path passed through `map` (virtual paths are kept). */
export function mapRequestPaths(req: JobRequest, map: (path: string) => string): JobRequest {
  const file = (f: JobFile): JobFile => ({ ...f, path: map(f.path) })
  const template = req.template ? file(req.template) : req.template
  switch (req.type) {
    case 'ExcelImportJob':
      return {
        ...req,
        template,
        data: req.data.map(file),
        combined: req.combined.map(file),
        attachments: req.attachments.map(file)
      }
    case 'TextImportJob':
      return { ...req, template, data: req.data.map(file), attachments: req.attachments.map(file) }
    case 'ExcelExportJob':
      return { ...req, template }
  }
}
