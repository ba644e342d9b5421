import '../../common/zod-csp'
import { createApp } from 'vue'
import 'primeicons/primeicons.css'
import './styles/app.css'
import App from './App.vue'
import { installRenderer } from './setup'

const app = createApp(App)
installRenderer(app)
app.mount('#app')
