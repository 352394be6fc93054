// The services' public entry: the shared objects every feature receives from activate().
export { createServices, type Services } from './services';
