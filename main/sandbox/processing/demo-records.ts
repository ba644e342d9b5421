import { DEFAULT_DATABASE, DEFAULT_TABLE, type RecordStore, type RecordView } from './record-store'

export interface SeedOptions {
  /** How many tensile-test records to make (default 12). */
  count?: number
  databaseKey?: string
  table?: string
}

const alloys = [
  { alloyClass: 'Titanium', alloy: 'Ti-6Al-4V', prefix: 'Ti' },
  { alloyClass: 'Aluminum', alloy: 'Al 7075-T6', prefix: 'Al' },
  { alloyClass: 'Nickel', alloy: 'Inconel 718', prefix: 'Ni' }
] as const
const orientations = ['L', 'LT', 'ST'] as const
const environments = ['Air', 'Vacuum', 'Inert: Argon'] as const

/**
 * Creates realistic "Tensile Test Data" records for the demo queue and export tests, with the
 * attribute names of the asset templates. Deterministic; names that exist already are left alone.
 */
export async function seedDemoRecords(store: RecordStore, options: SeedOptions = {}): Promise<RecordView[]> {
  const count = options.count ?? 12
  const databaseKey = options.databaseKey ?? DEFAULT_DATABASE
  const table = options.table ?? DEFAULT_TABLE
  if (store.resolveDatabase(databaseKey) === undefined) store.addDatabase(databaseKey, [table])
  const made: RecordView[] = []
  for (let i = 0; i < count; i++) {
    const material = alloys[i % alloys.length] ?? alloys[0]
    const batch = 1000 + Math.floor(i / alloys.length) + 1
    const name = `${material.prefix}${String(batch).padStart(4, '0')}-S${i + 1}`
    const existing = store.findByName(table, name, databaseKey)
    if (existing) {
      made.push(existing)
      continue
    }
    const thickness = round(5 + ((i * 37) % 60) / 100)
    const width = round(35 + ((i * 53) % 500) / 100)
    const { record } = store.upsert({
      databaseKey,
      table,
      name,
      attributes: {
        'Alloy Class': material.alloyClass,
        Alloy: material.alloy,
        'Batch Number': String(batch),
        'Standard Test Description': 'ASTM E8, standard tension test for metallic materials.',
        'Test Type': 'Tensile',
        'Testing Standards': 'ASTM E8',
        'Specimen ID': name,
        'Specimen Orientation': orientations[i % orientations.length] ?? 'L',
        'Gauge Cross-section Geometry': 'Rectangular',
        'Gauge Thickness': thickness,
        'Gauge Width': width,
        'Gauge Area': round(thickness * width),
        'Gauge Length': 50,
        'Test Temperature': [-321, 75, 300][i % 3] ?? 75,
        'Test Environment': environments[i % environments.length] ?? 'Air'
      },
      units: {
        'Gauge Thickness': 'mm',
        'Gauge Width': 'mm',
        'Gauge Area': 'mm^2',
        'Gauge Length': 'mm',
        'Test Temperature': '°F'
      },
      source: 'demo data'
    })
    made.push(record)
  }
  await store.save()
  return made
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
