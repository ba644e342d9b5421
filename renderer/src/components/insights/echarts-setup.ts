import { use } from 'echarts/core'
import { BarChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

/** Only what the Insights charts use: bars, axes, legend, tooltip, aria, drawn as SVG. */
use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer])
