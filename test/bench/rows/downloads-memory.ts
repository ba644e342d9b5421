import { downloadRow } from '../download-row'

export default downloadRow('memory', true)
