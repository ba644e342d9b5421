import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JobRequestInput } from '../../../../common/job-request'

export const assetsDir = join(import.meta.dirname, '../../../../assets/sandbox')

export function tempDir(prefix = 'jq-drafts-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Copies asset files into a fresh folder (so tests can change and move them) and returns the folder. */
export function copyAssets(names: string[], dir = tempDir('jq-assets-')): string {
  for (const n of names) copyFileSync(join(assetsDir, n), join(dir, n))
  return dir
}

type Of<T extends JobRequestInput['type']> = Extract<JobRequestInput, { type: T }>

export function textImport(dir: string, name = 'Tensile tests'): Of<'TextImportJob'> {
  return {
    type: 'TextImportJob',
    name,
    description: null,
    template: { path: join(dir, 'text_import_template.xml') },
    data: [{ path: join(dir, 'example_data.txt') }]
  }
}

export function excelImport(dir: string, name = 'Excel import'): Of<'ExcelImportJob'> {
  return {
    type: 'ExcelImportJob',
    name,
    description: 'template and data',
    template: { path: join(dir, 'import_template.xlsx') },
    data: [{ path: join(dir, 'data_file_1.xlsx') }, { path: join(dir, 'data_file_2.xlsx') }]
  }
}

export function combinedImport(dir: string, name = 'Combined import'): Of<'ExcelImportJob'> {
  return {
    type: 'ExcelImportJob',
    name,
    description: null,
    combined: [{ path: join(dir, 'combined_import_file.xlsx') }]
  }
}

export function excelExport(dir: string, records: number[], name = 'Excel export'): Of<'ExcelExportJob'> {
  return {
    type: 'ExcelExportJob',
    name,
    description: null,
    template: { path: join(dir, 'export_template.xlsx') },
    databaseKey: 'MI_Training',
    records: records.map((historyIdentity) => ({ historyIdentity }))
  }
}
