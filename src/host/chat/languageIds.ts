// Maps a code fence's language tag to a VS Code language id for "open in new editor".
import * as vscode from 'vscode';

const ALIASES: Record<string, string> = {
  js: 'javascript',
  jsx: 'javascriptreact',
  ts: 'typescript',
  tsx: 'typescriptreact',
  py: 'python',
  rb: 'ruby',
  sh: 'shellscript',
  bash: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  console: 'shellscript',
  ps1: 'powershell',
  yml: 'yaml',
  md: 'markdown',
  'c++': 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  'c#': 'csharp',
  cs: 'csharp',
  rs: 'rust',
  kt: 'kotlin',
  golang: 'go',
  html: 'html',
  xml: 'xml',
  svg: 'xml',
  jsonc: 'jsonc',
  dockerfile: 'dockerfile',
  text: 'plaintext',
  txt: 'plaintext',
};

export async function languageIdFor(tag: string): Promise<string> {
  const t = tag.trim().toLowerCase();
  if (!t) return 'plaintext';
  const id = ALIASES[t] ?? t;
  const known = await vscode.languages.getLanguages();
  return known.includes(id) ? id : 'plaintext';
}
