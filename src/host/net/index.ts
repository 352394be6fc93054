// The host's network entry: how requests travel (directly or through applerouter.proxy) and the request recorder.
export { RequestRecorder } from './requestRecorder';
export { Transport, TransportError, parseProxySetting } from './transport';
