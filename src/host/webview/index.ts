// The webview base of the host: one HTML shell with the CSP and one message loop for every webview.
export { WebviewHost } from './webviewHost';
