import { downloadRow } from '../download-row'

export default downloadRow('disk', true)
