import { useToast } from 'primevue/usetoast'
import type { ErrorValue } from '../../../common/errors'
import { errorHint } from '../api'

/** Toasts with the app's wording: an error shows its hint as the headline and main's message below. */
export function useNotify() {
  const toast = useToast()
  return {
    error(error: ErrorValue): void {
      toast.add({ severity: 'error', summary: errorHint(error).title, detail: error.message, life: 10_000 })
    },
    warn(summary: string, detail?: string): void {
      toast.add({ severity: 'warn', summary, detail, life: 8_000 })
    },
    success(summary: string, detail?: string): void {
      toast.add({ severity: 'success', summary, detail, life: 4_000 })
    },
    info(summary: string, detail?: string): void {
      toast.add({ severity: 'info', summary, detail, life: 5_000 })
    }
  }
}
