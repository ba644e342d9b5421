import { queueUiRow } from '../queue-ui-row'

export default queueUiRow(50_000)
