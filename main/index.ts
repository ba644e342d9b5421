import { app } from 'electron'

// Lifecycle only. The window and its security rules live in window.ts; the services in app.ts.
if (!app.requestSingleInstanceLock()) app.quit()
