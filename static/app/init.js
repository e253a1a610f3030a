// Starts GOV.UK Frontend components once the module-capable browser has loaded the page.
import { initAll } from '../govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
document.body.addEventListener('htmx:afterSwap', (event) => {
  initAll({ scope: event.target })
})
