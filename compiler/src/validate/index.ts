export { validateEmitted } from './validate-emitted.js';
