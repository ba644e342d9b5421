const labels: Record<string, string> = {
  name: 'Job name',
  description: 'Description',
  databaseKey: 'Database key',
  records: 'Records',
  template: 'Template',
  data: 'Data files',
  combined: 'Combined workbooks',
  attachments: 'Attachments',
  scheduledExecutionDate: 'Schedule'
}

/** Where a request field is, in the words of the wizard: `data.1.path` is "Data file 2". */
export function fieldLabel(field: string): string {
  const [head = '', index] = field.split('.')
  const label = labels[head] ?? head
  if (index === undefined || !/^\d+$/.test(index)) return label
  const one = head === 'records' ? 'Record' : label.replace(/s$/, '')
  return `${one} ${Number(index) + 1}`
}
