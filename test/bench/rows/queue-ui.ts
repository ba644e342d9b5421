import { queueUiRow } from '../queue-ui-row'

export default queueUiRow(10_000)
