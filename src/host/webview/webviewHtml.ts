// The HTML shell every webview of the extension starts from: a strict CSP first (`default-src 'none'`), a fresh nonce,
// and every asset from the extension's own media folder.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPage {
  /** Script under media/dist, e.g. 'chat.js'. */
  script: string;
  /** Stylesheets under media, in cascade order, e.g. ['preview.css', 'image.css']. */
  stylesheets: readonly string[];
  title: string;
  /** The body's markup before the script tag. */
  body: string;
  /** Also allow data: and blob: images and media (pasted images, thumbnails). */
  allowDataUris?: boolean;
}

export function buildWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(media, ...parts)).toString();
  const local = page.allowDataUris ? `${webview.cspSource} data: blob:` : webview.cspSource;
  // Nothing but our own files (and, where asked, data:/blob: images); no connect-src at all.
  const csp = [
    "default-src 'none'",
    `img-src ${local}`,
    `media-src ${local}`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // No <base> can redirect relative URLs and no form can post anywhere, even if markup slipped through.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'codicons', 'codicon.css')}">
${page.stylesheets.map((css) => `<link rel="stylesheet" href="${asset(css)}">`).join('\n')}
<title>${page.title.replace(/[<>&"]/g, '')}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${asset('dist', page.script)}"></script>
</body>
</html>`;
}
