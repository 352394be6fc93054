// The model-list feature of the host: one service that lists every profile's models, with its filters.
export { ModelListService } from './modelListService';
